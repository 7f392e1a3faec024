namespace Fcan.Engine.Segmentation;

/// <summary>
/// Pixel counts by (true class, predicted class) over a whole dataset; pixels labeled <see cref="IgnoreLabel"/> are
/// not counted. IoU of class c = TP / (TP + FP + FN); a class that appears in neither labels nor predictions has no
/// IoU (NaN) and stays out of the mean, as in the Cityscapes evaluation.
/// </summary>
public sealed class ConfusionMatrix(int classes)
{
    public const byte IgnoreLabel = 255;

    private readonly long[,] counts = new long[classes, classes];

    public int Classes { get; } = classes;

    /// <summary>Pixels of true class <paramref name="label"/> predicted as <paramref name="predicted"/>.</summary>
    public long this[int label, int predicted] => counts[label, predicted];

    /// <summary>Adds one image's labels and predictions (same length, one byte per pixel).</summary>
    public void Add(ReadOnlySpan<byte> labels, ReadOnlySpan<byte> predictions)
    {
        if (labels.Length != predictions.Length)
            throw new ArgumentException($"{labels.Length} labels but {predictions.Length} predictions");
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] == IgnoreLabel) continue;
            if (labels[i] >= Classes) throw new ArgumentException($"label {labels[i]} is not a class (0..{Classes - 1} or {IgnoreLabel})");
            if (predictions[i] >= Classes) throw new ArgumentException($"prediction {predictions[i]} is not a class (0..{Classes - 1})");
            counts[labels[i], predictions[i]]++;
        }
    }

    /// <summary>IoU per class; NaN where the class is absent from both labels and predictions.</summary>
    public double[] IoU()
    {
        var iou = new double[Classes];
        for (var c = 0; c < Classes; c++)
        {
            long truePositive = counts[c, c], labeled = 0, predicted = 0;
            for (var k = 0; k < Classes; k++)
            {
                labeled += counts[c, k];
                predicted += counts[k, c];
            }
            var union = labeled + predicted - truePositive;
            iou[c] = union == 0 ? double.NaN : (double)truePositive / union;
        }
        return iou;
    }

    /// <summary>The mean IoU over the classes that have one; NaN when no pixel was counted.</summary>
    public double MeanIoU()
    {
        var present = IoU().Where(v => !double.IsNaN(v)).ToList();
        return present.Count == 0 ? double.NaN : present.Average();
    }

    /// <summary>Correctly predicted counted pixels over all counted pixels.</summary>
    public double PixelAccuracy()
    {
        long correct = 0, total = 0;
        for (var c = 0; c < Classes; c++)
            for (var k = 0; k < Classes; k++)
            {
                total += counts[c, k];
                if (c == k) correct += counts[c, k];
            }
        return total == 0 ? double.NaN : (double)correct / total;
    }
}
