using Fcan.Data.Shards;
using Fcan.Data.Storage;
using Fcan.Grains.Contracts;

namespace Fcan.Grains.Jobs;

/// <summary>An earlier generation's items by key, as a refresh offers them to its shards for reuse. Read from the
/// generation's index (one blob), never from its shards.</summary>
public static class PreviousOutputs
{
    /// <summary>The generation's items; none when it was made with another recipe (so everything re-renders).</summary>
    public static async Task<IReadOnlyDictionary<string, PreviousOutput>> LoadAsync(IBlobStore output, int generation,
        string recipe, CancellationToken cancellationToken)
    {
        var index = await OutputGenerations.ReadIndexAsync(output, generation, cancellationToken);
        var items = new Dictionary<string, PreviousOutput>(StringComparer.Ordinal);
        if (index is null || index.Recipe != recipe) return items;
        foreach (var (shard, number) in index.Shards.Select((shard, number) => (shard, number)))
        {
            var written = new WrittenShard(number, shard.Shard.Name, shard.Shard.Members, shard.Shard.Bytes, shard.Shard.Sha256);
            foreach (var (sample, position) in shard.Samples.Select((sample, position) => (sample, position)))
                items[sample.Key] = new PreviousOutput(sample.SourceSha256, written, position, shard.Samples.Count);
        }
        return items;
    }
}
