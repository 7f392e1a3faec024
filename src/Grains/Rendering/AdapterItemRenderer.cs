using Fcan.Engine.Adapter;
using Fcan.Engine.Runtime;
using Fcan.Grains.Contracts;
using Fcan.Grains.Sources;
using Fcan.Grains.Storage;

namespace Fcan.Grains.Rendering;

/// <summary>
/// <see cref="RenderMethod.Adapter"/>: loads the job's trained adapter once per session onto the device, after checking
/// that it is the file the job pinned (its SHA-256) and that it learnt the statistics of the pool version the job pins.
/// </summary>
public sealed class AdapterItemRenderer(IGrainFactory grains, DatasetCatalog catalog, BlobStoreCache stores) : IItemRenderer
{
    public IRenderSession Open(JobSpec spec, string device, CancellationToken cancellationToken)
    {
        var (location, pinned) = (spec.Settings.Adapter, spec.Settings.AdapterHash);
        if (location is null || pinned is null)
            throw new RenderFailedException("method adapter needs an adapter and its sha256 in the job's settings", retryable: false);
        var pool = grains.GetGrain<IStylePoolGrain>(spec.Pool).GetVersion(spec.PoolVersion, cancellationToken)
                       .GetAwaiter().GetResult()
                   ?? throw new RenderFailedException($"pool '{spec.Pool}' has no version {spec.PoolVersion}", retryable: false);
        var file = new AdapterCheckpointStore(stores.Open(location)).ReadAdapterFileAsync(cancellationToken).GetAwaiter().GetResult();
        if (TrainedAdapter.HashOf(file) is var hash && hash != pinned)
            throw new RenderFailedException($"adapter {location}: its file changed since the job started (sha256 {hash[..12]}, the job pinned {pinned[..12]})", retryable: false);

        var engineDevice = EngineDevice.Parse(device);
        TorchRuntime.Ensure(engineDevice);
        TrainedAdapter adapter;
        try
        {
            adapter = TrainedAdapter.Read(file, engineDevice);
        }
        catch (InvalidDataException error)
        {
            throw new RenderFailedException($"adapter {location}: {error.Message}", retryable: false);
        }
        var origin = adapter.Description.Origin;
        if (origin.StyleHash != pool.StatisticsHash)
        {
            adapter.Dispose();
            throw new RenderFailedException($"adapter {location} learnt pool '{origin.Pool}' v{origin.PoolVersion}; the job pins '{pool.Name}' v{pool.Version}, whose statistics differ (train an adapter for it)", retryable: false);
        }
        return new AdapterRenderSession(spec, pool, adapter, catalog.Open(spec));
    }
}
