using Fcan.Data.Datasets;

namespace Fcan.Engine.Segmentation;

/// <summary>Accumulates a labeled dataset's confusion matrix: every item predicted and compared at its label's size.</summary>
public sealed class SegmentationEvaluator(SegmentationPredictor predictor)
{
    /// <param name="inputSize">Size the network sees (null: each image's own); predictions are upsampled to the labels.</param>
    /// <param name="onImage">Called after each image with (done, total).</param>
    public async Task<ConfusionMatrix> EvaluateAsync(IDatasetReader reader, string location, (int Width, int Height)? inputSize,
        Action<int, int>? onImage, CancellationToken cancellationToken)
    {
        var items = new List<DatasetItem>();
        await foreach (var item in reader.ListAsync(cancellationToken)) items.Add(item);
        if (items.Count == 0) throw new ArgumentException($"{location}: no images in this dataset");
        if (items.FirstOrDefault(item => item.LabelName == null) is { } unlabeled)
            throw new ArgumentException($"{location}: item '{unlabeled.Key}' has no label; evaluation needs a labeled dataset");
        var matrix = new ConfusionMatrix(CityscapesLabels.ClassCount);
        for (var i = 0; i < items.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var loaded = await reader.LoadAsync(items[i], cancellationToken);
            var predicted = predictor.Predict(loaded.Image, inputSize, loaded.Image.Width, loaded.Image.Height);
            matrix.Add(loaded.TrainIds, predicted);
            onImage?.Invoke(i + 1, items.Count);
        }
        return matrix;
    }
}
