namespace Fcan.Data.Shards;

/// <summary>Groups a stream of samples into shard-sized batches under <see cref="ShardLimits"/>, in order, so the
/// same samples always give the same shards.</summary>
public static class ShardBatcher
{
    public static IEnumerable<IReadOnlyList<ShardSample>> Batch(IEnumerable<ShardSample> samples, ShardLimits limits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxSamples, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxBytes, 1);
        var batch = new List<ShardSample>();
        long bytes = 0;
        foreach (var sample in samples)
        {
            var size = sample.ContentBytes;
            if (batch.Count > 0 && (batch.Count == limits.MaxSamples || bytes + size > limits.MaxBytes))
            {
                yield return batch;
                batch = [];
                bytes = 0;
            }
            batch.Add(sample);
            bytes += size;
        }
        if (batch.Count > 0) yield return batch;
    }
}
