using System.Diagnostics;
using Fcan.Engine.Aan;
using Fcan.Engine.Imaging;
using Fcan.Engine.Networks;
using Fcan.Engine.Runtime;
using Fcan.Engine.Style;

namespace Fcan.Client.Commands;

/// <summary>
/// Times AAN renders the way a device worker runs them: synthetic images of the request's size, the paper preset,
/// no loss read-back, batches of same-size images. The timed span is whole renders (upload, source features, the
/// loop, download), so per-render overhead counts; warm-up renders first pay for first-use costs (cuDNN autotuning,
/// the allocator's first blocks).
/// </summary>
internal sealed class AanBenchmark(FeatureNetwork network, BenchRequest request, string weights)
{
    private const int PaperIterations = 1000;

    private readonly AanRenderer renderer = new(network);
    private readonly List<PlanarImage> images = Enumerable.Range(0, request.Images)
        .Select(i => SyntheticImages.Waves(100 + i, request.Size.Width, request.Size.Height)).ToList();
    private readonly StyleStatistics pool = BuildPool(network, request);

    public BenchResult Measure(AanPrecision precision, CancellationToken cancellationToken)
    {
        var settings = AanSettings.Paper with { Iterations = request.Iterations, Precision = precision };
        var batch = WarmUp(settings with { Iterations = request.Warmup }, cancellationToken);

        var clock = Stopwatch.StartNew();
        var steps = 0;
        foreach (var chunk in images.Chunk(batch))
        {
            renderer.RenderPlanar(chunk, pool, settings, null, cancellationToken);
            steps++;
        }
        clock.Stop();

        var ms = clock.Elapsed.TotalMilliseconds / (steps * request.Iterations);
        var secondsPerImage = clock.Elapsed.TotalSeconds / images.Count * PaperIterations / request.Iterations;
        var comparison = request.Check && precision != AanPrecision.Fp32
            ? AanPrecisionCheck.Compare(network, precision, cancellationToken)
            : null;
        return new BenchResult("fcan", request.Backbone, weights, request.Device.ToString(), request.Size.Width,
            request.Size.Height, images.Count, batch, precision.ToString().ToLowerInvariant(), request.Iterations,
            Math.Round(ms, 2), Math.Round(3600 / secondsPerImage, 2), PeakMemory(),
            request.Device.IsCuda ? "CUDA device in use (allocator reserve + context)" : "process peak RSS",
            comparison?.Agrees, comparison?.ToString());
    }

    /// <summary>Untimed renders at the timed shapes; returns the batch size, sized from free memory when asked.</summary>
    private int WarmUp(AanSettings warmUp, CancellationToken cancellationToken)
    {
        if (request.Batch is { } fixedBatch)
        {
            renderer.RenderPlanar(images.Take(fixedBatch).ToList(), pool, warmUp, null, cancellationToken);
            return Math.Min(fixedBatch, images.Count);
        }
        var before = request.Device.IsCuda ? CudaMemory.UsedBytes() : null;
        renderer.RenderPlanar(images.Take(1).ToList(), pool, warmUp, null, cancellationToken);
        if (before is null || CudaMemory.Info() is not { } after) return 1;
        var batch = AanBatchPlanner.Fit(after.Free, after.Total - after.Free - before.Value, images.Count);
        if (batch > 1) renderer.RenderPlanar(images.Take(batch).ToList(), pool, warmUp, null, cancellationToken);
        return batch;
    }

    private long? PeakMemory() => request.Device.IsCuda ? CudaMemory.UsedBytes() : ProcessMemory.PeakResidentBytes();

    private static StyleStatistics BuildPool(FeatureNetwork network, BenchRequest request)
    {
        var builder = new StylePoolBuilder(network);
        builder.Add([SyntheticImages.Waves(1, request.Size.Width, request.Size.Height)]);
        return builder.Build();
    }
}
