using Fcan.Data.Datasets;
using Fcan.Data.Imaging;
using Fcan.Engine.Adapter;
using Fcan.Engine.Imaging;
using Fcan.Grains.Contracts;

namespace Fcan.Grains.Rendering;

/// <summary>One job's rendering with a trained adapter on one device thread: one forward pass per item; owns the
/// adapter. The item's .json names the adapter by its SHA-256.</summary>
public sealed class AdapterRenderSession(JobSpec spec, PoolInfo pool, TrainedAdapter adapter, IDatasetReader reader) : IRenderSession
{
    private readonly SourceItems source = new(spec, reader);

    public IReadOnlyList<RenderedMember> Render(string itemKey, CancellationToken cancellationToken)
    {
        var prepared = source.Prepared(itemKey, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        var adapted = adapter.Adapt([PlanarImage.FromRgb(prepared.Source)])[0].ToRgb();
        return source.Members(prepared, adapted, pool, new
        {
            poolStatistics = pool.StatisticsHash,
            network = adapter.Description.Origin.NetworkId,
            adapter = adapter.ContentHash,
            adapterLocation = spec.Settings.Adapter,
        });
    }

    public void Prefetch(string itemKey, CancellationToken cancellationToken) => source.Prefetch(itemKey, cancellationToken);

    public string SourceSha256(string itemKey, CancellationToken cancellationToken) =>
        source.Prepared(itemKey, cancellationToken).Loaded.Sha256;

    public void Dispose() => adapter.Dispose();
}
