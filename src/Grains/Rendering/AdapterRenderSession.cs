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
        var mateKeys = next.Where(key => key != itemKey && !ahead.ContainsKey(key)).ToList();
        var mates = source.PreparedTogether(mateKeys, cancellationToken);
        // A mate of another size waits for its own pass; one that failed to load, for its own render to report it.
        List<(string Key, PreparedItem Item)> batch =
        [
            (itemKey, first),
            ..mateKeys.Zip(mates)
                .Where(mate => mate.Second?.Source is { } image && image.Width == first.Source.Width && image.Height == first.Source.Height)
                .Select(mate => (mate.First, mate.Second!)),
        ];
        cancellationToken.ThrowIfCancellationRequested();
        var adapted = adapter.Adapt(batch.Select(b => PlanarImage.FromRgb(b.Item.Source)).ToList());
        // Encoding the outputs is no device work: side by side on the thread pool.
        var members = new IReadOnlyList<RenderedMember>[batch.Count];
        Parallel.For(0, batch.Count, new ParallelOptions { CancellationToken = cancellationToken },
            i => members[i] = Members(batch[i].Item, adapted[i]));
        for (var i = 1; i < batch.Count; i++) ahead[batch[i].Key] = (batch[i].Item, members[i]);
        return members[0];
    }

    public void Prefetch(string itemKey, CancellationToken cancellationToken)
    {
        if (!ahead.ContainsKey(itemKey)) source.Prefetch(itemKey, cancellationToken);
    }

    public string SourceSha256(string itemKey, CancellationToken cancellationToken) =>
        ahead.TryGetValue(itemKey, out var done) ? done.Item.Loaded.Sha256 : source.Prepared(itemKey, cancellationToken).Loaded.Sha256;

    public void Dispose() => adapter.Dispose();

    private IReadOnlyList<RenderedMember> Members(PreparedItem item, PlanarImage adapted) =>
        source.Members(item, adapted.ToRgb(), pool, new
        {
            poolStatistics = pool.StatisticsHash,
            network = adapter.Description.Origin.NetworkId,
            adapter = adapter.ContentHash,
            adapterLocation = spec.Settings.Adapter,
        });
}
