namespace Fcan.Data.Shards;

/// <summary>A shard of a manifest generation: its manifest record and its samples in order.</summary>
public sealed record IndexedShard(ShardRecord Shard, IReadOnlyList<IndexedSample> Samples);
