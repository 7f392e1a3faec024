using Fcan.Data.Shards;
using Fcan.Data.Storage;

namespace Fcan.Cluster.Tests.Support;

/// <summary>What a converted output holds, read back through <see cref="ShardReader"/>: every shard the manifest
/// lists is streamed and its size, member count and SHA-256 checked against the manifest (a mismatch throws), and
/// each sample key is counted against the source keys.</summary>
public sealed record OutputAudit(int Shards, int Items, int Duplicates, int Lost, int Unexpected)
{
    public static async Task<OutputAudit> ReadAsync(IBlobStore output, IReadOnlyCollection<string> sourceKeys,
        CancellationToken cancellationToken)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var manifest = await ShardReader.ReadManifestAsync(output, cancellationToken);
        foreach (var shard in manifest)
            await foreach (var sample in ShardReader.ReadSamplesAsync(output, shard, cancellationToken))
                seen[sample.Key] = seen.GetValueOrDefault(sample.Key) + 1;
        var expected = sourceKeys.ToHashSet(StringComparer.Ordinal);
        return new OutputAudit(
            manifest.Count,
            seen.Values.Sum(),
            seen.Values.Sum(count => count - 1),
            expected.Count(key => !seen.ContainsKey(key)),
            seen.Keys.Count(key => !expected.Contains(key)));
    }

    /// <summary>The figures line the suite prints (and scripts/test.sh shows).</summary>
    public string Figures(string scenario, int jobsCompleted) =>
        $"{scenario}: jobs completed {jobsCompleted}, items checked {Items}, shards verified {Shards}, duplicates {Duplicates}, lost {Lost}";
}
