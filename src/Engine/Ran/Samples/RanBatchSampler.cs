using Fcan.Engine.Ran.Distributed;
using static TorchSharp.torch;

namespace Fcan.Engine.Ran.Samples;

/// <summary>
/// Makes the batch of any step from the seed alone, with no state to save: sample n of the run (step * batch + i) is
/// position n mod Count of a per-epoch shuffle, cropped at a random place and flipped half of the time, all drawn
/// from generators seeded by (seed, stream, epoch or n). Resuming at step t gives the batches an uninterrupted run gives.
/// Data-parallel trainers each take a <see cref="BatchShare"/> of the same step's batch, so together they see exactly
/// the samples, crops and flips one trainer would.
/// </summary>
public sealed class RanBatchSampler(IRanSampleSource source, IRanSampleSource target, RanSettings settings)
{
    private const int SourceStream = 1;
    private const int TargetStream = 2;

    private readonly Dictionary<(int Stream, long Epoch), int[]> orders = [];

    /// <summary>Source crops with labels; target crops too when <paramref name="stage"/> is adversarial.</summary>
    public RanBatch Batch(int step, RanStage stage, Device device, CancellationToken cancellationToken) =>
        Batch(step, stage, BatchShare.Whole(settings.Batch), device, cancellationToken);

    /// <summary>Only <paramref name="share"/>'s positions of the step's batch (its source and target crops alike).</summary>
    public RanBatch Batch(int step, RanStage stage, BatchShare share, Device device, CancellationToken cancellationToken)
    {
        if (share.Start < 0 || share.Count < 1 || share.Start + share.Count > settings.Batch)
            throw new ArgumentException($"share {share} is outside the batch of {settings.Batch}");
        var (images, labels) = Crops(source, SourceStream, step, share, withLabels: true, cancellationToken);
        var targetImages = stage == RanStage.Adversarial ? Crops(target, TargetStream, step, share, withLabels: false, cancellationToken).Images : null;
        return new RanBatch(images.to(device), labels!.to(device), targetImages?.to(device));
    }

    private (Tensor Images, Tensor? Labels) Crops(IRanSampleSource samples, int stream, int step, BatchShare share, bool withLabels,
        CancellationToken cancellationToken)
    {
        var (width, height, batch) = (settings.CropWidth, settings.CropHeight, share.Count);
        var pixels = new float[batch * 3 * height * width];
        var labels = withLabels ? new long[batch * height * width] : null;
        for (var i = 0; i < batch; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var n = (long)step * settings.Batch + share.Start + i;
            var sample = samples.Load(Order(stream, n / samples.Count, samples.Count)[n % samples.Count], cancellationToken);
            var image = sample.Image;
            if (image.Width < width || image.Height < height)
                throw new ArgumentException($"{samples.Location} sample {sample.Key}: {image.Width}x{image.Height} is smaller than the {width}x{height} crop");
            if (withLabels && sample.TrainIds == null)
                throw new ArgumentException($"{samples.Location} sample {sample.Key}: no label");
            var random = new Random(Mix(stream + 10, n));
            var left = random.Next(image.Width - width + 1);
            var top = random.Next(image.Height - height + 1);
            var flip = random.Next(2) == 1;
            for (var y = 0; y < height; y++)
                for (var x = 0; x < width; x++)
                {
                    var from = (top + y) * image.Width + left + (flip ? width - 1 - x : x);
                    for (var c = 0; c < 3; c++)
                        pixels[((i * 3 + c) * height + y) * width + x] = image.Pixels[from * 3 + c];
                    if (labels != null) labels[(i * height + y) * width + x] = sample.TrainIds![from];
                }
        }
        return (tensor(pixels, [batch, 3, height, width]), labels == null ? null : tensor(labels, [batch, height, width]));
    }

    /// <summary>The shuffled order of one epoch of a stream (the last two are kept: a batch may straddle epochs).</summary>
    private int[] Order(int stream, long epoch, int count)
    {
        if (orders.TryGetValue((stream, epoch), out var order)) return order;
        order = Enumerable.Range(0, count).ToArray();
        new Random(Mix(stream, epoch)).Shuffle(order);
        foreach (var old in orders.Keys.Where(k => k.Stream == stream && k.Epoch < epoch - 1).ToList()) orders.Remove(old);
        orders[(stream, epoch)] = order;
        return order;
    }

    /// <summary>A seed for one (stream, index) of this run; fixed arithmetic, unlike string.GetHashCode.</summary>
    private int Mix(int stream, long index)
    {
        var value = unchecked(((long)settings.Seed * 1_000_003 + stream) * 6_364_136_223_846_793 + index);
        return unchecked((int)(value ^ (value >>> 32)));
    }
}
