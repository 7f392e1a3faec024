using Fcan.Data.Datasets;
using Fcan.Data.Imaging;
using Fcan.Engine.Adapter;
using Fcan.Engine.Imaging;
using Fcan.Grains.Contracts;

namespace Fcan.Grains.Rendering;

/// <summary>One job's rendering with a trained adapter on one device thread; owns the adapter. The item asked for and
/// the later items of the worker's lease batch (<see cref="RenderNext"/>) of the same size are adapted in one forward
/// pass; the later ones wait here for their own <see cref="Render"/>. The item's .json names the adapter by its
/// SHA-256.</summary>
public sealed class AdapterRenderSession(JobSpec spec, PoolInfo pool, TrainedAdapter adapter, IDatasetReader reader) : IRenderSession
{
    private readonly SourceItems source = new(spec, reader);
    private readonly Dictionary<string, (PreparedItem Item, IReadOnlyList<RenderedMember> Members)> ahead = [];
    private IReadOnlyList<string> next = [];

    public void RenderNext(IReadOnlyList<string> itemKeys) => next = itemKeys;

    public IReadOnlyList<RenderedMember> Render(string itemKey, CancellationToken cancellationToken)
    {
        if (ahead.Remove(itemKey, out var done)) return done.Members;
        // What no later call will ask for goes (a batch cut short by a stop); what one will is kept.
        foreach (var stale in ahead.Keys.Except(next).ToList()) ahead.Remove(stale);
        var first = source.Prepared(itemKey, cancellationToken);
        var batch = new List<(string Key, PreparedItem Item)> { (itemKey, first) };
        foreach (var key in next.Where(key => key != itemKey && !ahead.ContainsKey(key)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Mate(key, first, cancellationToken) is { } item) batch.Add((key, item));
        }
        cancellationToken.ThrowIfCancellationRequested();
        var adapted = adapter.Adapt(batch.Select(b => PlanarImage.FromRgb(b.Item.Source)).ToList());
        for (var i = 1; i < batch.Count; i++) ahead[batch[i].Key] = (batch[i].Item, Members(batch[i].Item, adapted[i]));
        return Members(first, adapted[0]);
    }

    public void Prefetch(string itemKey, CancellationToken cancellationToken)
    {
        if (!ahead.ContainsKey(itemKey)) source.Prefetch(itemKey, cancellationToken);
    }

    public string SourceSha256(string itemKey, CancellationToken cancellationToken) =>
        ahead.TryGetValue(itemKey, out var done) ? done.Item.Loaded.Sha256 : source.Prepared(itemKey, cancellationToken).Loaded.Sha256;

    public void Dispose() => adapter.Dispose();

    /// <summary>A later item that can share the pass (same size), or null; an item that fails to load is left to its
    /// own render, which reports the failure against it.</summary>
    private PreparedItem? Mate(string key, PreparedItem first, CancellationToken cancellationToken)
    {
        try
        {
            var item = source.Prepared(key, cancellationToken);
            return item.Source.Width == first.Source.Width && item.Source.Height == first.Source.Height ? item : null;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return null;
        }
    }

    private IReadOnlyList<RenderedMember> Members(PreparedItem item, PlanarImage adapted) =>
        source.Members(item, adapted.ToRgb(), pool, new
        {
            poolStatistics = pool.StatisticsHash,
            network = adapter.Description.Origin.NetworkId,
            adapter = adapter.ContentHash,
            adapterLocation = spec.Settings.Adapter,
        });
}
