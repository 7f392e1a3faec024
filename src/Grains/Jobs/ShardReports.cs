using Fcan.Grains.Contracts;

namespace Fcan.Grains.Jobs;

/// <summary>What a job has heard from its shards: each shard's latest answer, by the shard's state version. The
/// shards own these facts; this is a view of their answers, never written anywhere, rebuilt by asking after a
/// restart. A lower version than one already heard (a stale activation's answer) is ignored, and a written shard's
/// answer is final.</summary>
public sealed class ShardReports
{
    private readonly Dictionary<int, ShardReport> latest = [];

    public void Take(ShardReport report)
    {
        if (latest.TryGetValue(report.Shard, out var known) && (known.Written is not null || report.Version < known.Version))
            return;
        latest[report.Shard] = report;
    }

    public bool IsWritten(int shard) => latest.TryGetValue(shard, out var report) && report.Written is not null;

    public int WrittenCount => latest.Values.Count(report => report.Written is not null);

    /// <summary>The written shards in order, once all <paramref name="shardCount"/> are; null before.</summary>
    public IReadOnlyList<WrittenShard>? AllWritten(int shardCount) =>
        Enumerable.Range(0, shardCount).All(IsWritten)
            ? Enumerable.Range(0, shardCount).Select(shard => latest[shard].Written!).ToList()
            : null;

    /// <summary>False only for a shard known to have no failed item.</summary>
    public bool MayHaveFailures(int shard) => !latest.TryGetValue(shard, out var report) || report.Counts.Failed > 0;

    /// <summary>A shard that has work, preferring pending items, rotating with <paramref name="turn"/> so that
    /// workers spread over the shards rather than all contending for the first one.</summary>
    public int? FindWork(int turn)
    {
        var shards = latest.Values.Where(report => report.Written is null && report.Counts.HasWork)
            .Select(report => report.Shard).Order().ToList();
        if (shards.Count == 0) return null;
        var start = turn % shards.Count;
        var pending = shards.Skip(start).Concat(shards.Take(start)).FirstOrDefault(s => latest[s].Counts.Pending > 0, -1);
        return pending >= 0 ? pending : shards[start];
    }

    /// <summary>The items by state, summed over every shard heard from.</summary>
    public (long Leased, long Done, long Failed, long Reused) Sum()
    {
        long leased = 0, done = 0, failed = 0, reused = 0;
        foreach (var counts in latest.Values.Select(report => report.Counts))
        {
            leased += counts.Leased;
            done += counts.Done;
            failed += counts.Failed;
            reused += counts.Reused;
        }
        return (leased, done, failed, reused);
    }
}
