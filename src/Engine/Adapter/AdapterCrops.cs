using Fcan.Engine.Imaging;
using Fcan.Engine.Ran.Distributed;
using Fcan.Engine.Ran.Samples;
using static TorchSharp.torch;

namespace Fcan.Engine.Adapter;

/// <summary>
/// The training crops of any step from the seed alone, with no state to save: crop n of the run (step * batch + i)
/// is a random image, a random place in it and a flip half of the time, drawn from a generator seeded by (seed, n).
/// Resuming at step t gives the crops an uninterrupted run gives; data-parallel trainers each take a share. Each crop
/// comes with the same window of its image's <see cref="AdapterStart"/>, what the network is given.
/// </summary>
public sealed class AdapterCrops(IRanSampleSource images, AdapterSettings settings)
{
    public AdapterBatch Batch(int step, Device device, CancellationToken cancellationToken) =>
        Batch(step, BatchShare.Whole(settings.Batch), device, cancellationToken);

    /// <summary>Only <paramref name="share"/>'s positions of the step's batch.</summary>
    public AdapterBatch Batch(int step, BatchShare share, Device device, CancellationToken cancellationToken)
    {
        if (share.Start < 0 || share.Count < 1 || share.Start + share.Count > settings.Batch)
            throw new ArgumentException($"share {share} is outside the batch of {settings.Batch}");
        var (width, height) = (settings.CropWidth, settings.CropHeight);
        var (sources, starts) = (new float[share.Count * 3 * height * width], new float[share.Count * 3 * height * width]);
        for (var i = 0; i < share.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var n = (long)step * settings.Batch + share.Start + i;
            var random = new Random(Mix(n));
            var sample = images.Load(random.Next(images.Count), cancellationToken);
            var image = PlanarImage.FromRgb(sample.Image);
            if (image.Width < width || image.Height < height)
                throw new ArgumentException($"{images.Location} image {sample.Key}: {image.Width}x{image.Height} is smaller than the {width}x{height} crop");
            var left = random.Next(image.Width - width + 1);
            var top = random.Next(image.Height - height + 1);
            var flip = random.Next(2) == 1;
            var start = Start(image);
            for (var c = 0; c < 3; c++)
                for (var y = 0; y < height; y++)
                    for (var x = 0; x < width; x++)
                    {
                        var from = (c * image.Height + top + y) * image.Width + left + (flip ? width - 1 - x : x);
                        var to = ((i * 3 + c) * height + y) * width + x;
                        (sources[to], starts[to]) = (image.Planes[from], start.Planes[from]);
                    }
        }
        long[] shape = [share.Count, 3, height, width];
        using var sourceBatch = tensor(sources, shape);
        using var startBatch = tensor(starts, shape);
        return new AdapterBatch(sourceBatch.to(device), startBatch.to(device));
    }

    private PlanarImage Start(PlanarImage image)
    {
        using var scope = NewDisposeScope();
        return PlanarImage.Unstack(AdapterStart.Of(PlanarImage.Stack([image], float64, CPU), settings.Loss.Init))[0];
    }

    /// <summary>A seed for crop n of this run; fixed arithmetic, unlike string.GetHashCode.</summary>
    private int Mix(long n)
    {
        var value = unchecked(((long)settings.Seed * 1_000_003 + 77) * 6_364_136_223_846_793 + n);
        return unchecked((int)(value ^ (value >>> 32)));
    }
}

/// <summary>Training crops [N,3,H,W] (RGB 0..255): the sources, the content the loss keeps, and their starts, what the
/// network adapts.</summary>
public sealed record AdapterBatch(Tensor Sources, Tensor Starts) : IDisposable
{
    public void Dispose()
    {
        Sources.Dispose();
        Starts.Dispose();
    }
}
