using Fcan.Data.Shards;
using Fcan.Data.Storage;
using Fcan.Grains.Contracts;
using Fcan.Grains.Tasks;

namespace Fcan.Grains.Shards;

/// <summary>Puts a shard together from its done items: rendered ones from their staging outputs, reused ones copied
/// from the previous generation's shard bytes, or, when nothing changed at all, the previous shard itself.</summary>
public static class ShardAssembler
{
    /// <summary>The previous generation's shard, when this shard would hold exactly its items in its order.</summary>
    public static WrittenShard? Unchanged(IReadOnlyList<RenderTask> tasks, int index)
    {
        if (tasks.Count == 0 || tasks[0].Previous is not { } first || first.ShardSamples != tasks.Count) return null;
        for (var position = 0; position < tasks.Count; position++)
            if (tasks[position] is not { Reused: true, Previous: { } previous }
                || previous.Shard.Name != first.Shard.Name || previous.Position != position)
                return null;
        return first.Shard with { Index = index };
    }

    /// <summary>The samples of the done tasks in order, and the rendered ones whose stored output is missing or does
    /// not match its checksum (to be rendered again). Each earlier shard is read once, whole, so that its checksum is
    /// verified before any of its bytes are copied.</summary>
    public static async Task<(IReadOnlyList<ShardSample> Samples, IReadOnlyList<(RenderTask Task, string Reason)> Lost)>
        CollectAsync(IBlobStore output, IReadOnlyList<RenderTask> done, CancellationToken cancellationToken)
    {
        var copied = new Dictionary<string, ShardSample>(StringComparer.Ordinal);
        foreach (var group in done.Where(task => task.Reused).GroupBy(task => task.Previous!.Shard.Name))
        {
            var wanted = group.Select(task => task.Key).ToHashSet(StringComparer.Ordinal);
            var shard = group.First().Previous!.Shard;
            var record = new ShardRecord(shard.Name, shard.Members, shard.Bytes, shard.Sha256);
            await foreach (var sample in ShardReader.ReadSamplesAsync(output, record, cancellationToken))
                if (wanted.Contains(sample.Key)) copied[sample.Key] = sample;
            foreach (var task in group)
                if (!copied.ContainsKey(task.Key))
                    throw new ShardVerificationException($"{output.Location}/{shard.Name}", $"sample '{task.Key}' is missing");
        }
        var lost = new List<(RenderTask, string)>();
        var samples = new List<ShardSample>();
        foreach (var task in done)
        {
            if (task.Reused)
            {
                samples.Add(copied[task.Key]);
                continue;
            }
            try
            {
                samples.Add(await ItemOutputArchive.LoadAsync(output, task.OutputRef!, task.Key, task.Sha256!, cancellationToken));
            }
            catch (Exception error) when (error is BlobNotFoundException or InvalidDataException)
            {
                lost.Add((task, $"item '{task.Key}': stored output lost ({error.Message})"));
            }
        }
        return (samples, lost);
    }
}
