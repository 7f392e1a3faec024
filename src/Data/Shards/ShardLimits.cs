namespace Fcan.Data.Shards;

/// <summary>How large one shard may grow: at most <paramref name="MaxSamples"/> samples and about
/// <paramref name="MaxBytes"/> bytes of member content (a single larger sample still gets a shard of its own).</summary>
public sealed record ShardLimits(int MaxSamples, long MaxBytes);
