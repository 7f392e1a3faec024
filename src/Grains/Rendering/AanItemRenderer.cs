using Fcan.Data.Imaging;
using Fcan.Data.Storage;
using Fcan.Engine.Aan;
using Fcan.Engine.Colour;
using Fcan.Engine.Imaging;
using Fcan.Engine.Networks;
using Fcan.Engine.Runtime;
using Fcan.Engine.Style;
using Fcan.Grains.Contracts;
using Fcan.Grains.Pools;
using Fcan.Grains.Sources;
using Fcan.Grains.Storage;
using Fcan.Grains.Workers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fcan.Grains.Rendering;

/// <summary>The real renderer: FCAN's appearance adaptation network (Engine's AanRenderer on the packaged ResNet-18)
/// against the statistics of the pool version the job pinned, in the device's fastest safe precision.</summary>
public sealed class AanItemRenderer(
    IGrainFactory grains,
    DatasetCatalog catalog,
    BlobStoreCache stores,
    IOptions<PoolStoreOptions> poolStore,
    IOptions<DeviceWorkerOptions> devices,
    ILogger<AanItemRenderer> log) : IItemRenderer
{
    // The NaN check in the session reads the loss this often; a NaN stays NaN, so it is caught at the next read.
    private const int LossReadEvery = 50;

    private readonly DevicePrecision precision = new(devices.Value.Precision, log);

    public IRenderSession Open(JobSpec spec, string device, CancellationToken cancellationToken)
    {
        var pool = grains.GetGrain<IStylePoolGrain>(spec.Pool).GetVersion(spec.PoolVersion, cancellationToken)
                       .GetAwaiter().GetResult()
                   ?? throw new RenderFailedException($"pool '{spec.Pool}' has no version {spec.PoolVersion}", retryable: false);
        if (pool.NetworkId != FeatureNetworks.ResNet18Id)
            throw new RenderFailedException(
                $"pool '{spec.Pool}' was built with {pool.NetworkId}; cluster renders use {FeatureNetworks.ResNet18Id}", retryable: false);
        StyleStatistics statistics;
        using (var stream = stores.Open(poolStore.Value.Location).OpenReadAsync(pool.StatisticsRef, cancellationToken)
                   .GetAwaiter().GetResult())
            statistics = StyleStatistics.ReadFrom(stream);

        var engineDevice = EngineDevice.Parse(device);
        TorchRuntime.Ensure(engineDevice);
        // cuDNN autotuning: every render runs hundreds of iterations of the same shapes.
        if (engineDevice.IsCuda) TorchRuntime.SetCudnnBenchmark(true);
        var network = FeatureNetworks.LoadResNet18(engineDevice);
        var settings = spec.Settings.ToAan() with
        {
            Precision = precision.For(network, cancellationToken),
            ReportEvery = LossReadEvery,
        };
        if (settings.Init.Kind == AanInitKind.ColourMatched)
            settings = settings with { Init = settings.Init.WithColours(PoolColours(pool, cancellationToken)) };
        return new AanRenderSession(spec, pool, statistics, network, settings, catalog.Open(spec));
    }

    /// <summary>The colour statistics of the pool's images at the pool's size: read once per session, since a pool's
    /// Gram statistics file does not hold them.</summary>
    private ColourMoments PoolColours(PoolInfo pool, CancellationToken cancellationToken)
    {
        try
        {
            return PoolImages.Colours(stores, pool, cancellationToken);
        }
        catch (Exception error) when (error is ImageFormatException or BlobNotFoundException)
        {
            throw new RenderFailedException($"pool '{pool.Name}' version {pool.Version}: its colour statistics need its images: {error.Message}", retryable: false);
        }
    }
}
