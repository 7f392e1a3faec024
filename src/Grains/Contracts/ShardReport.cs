namespace Fcan.Grains.Contracts;

/// <summary>A shard's answer to its job: its counts, and what it wrote once it is written. The shard owns these
/// facts; the job only aggregates the answers.</summary>
/// <param name="Shard">The shard's index.</param>
/// <param name="Counts">Its items by state.</param>
/// <param name="Written">Set once the shard file is written (all its items done or failed); final.</param>
/// <param name="Version">The shard's state version (one more per state write): an answer from a stale activation
/// carries a lower version than one the job already has, and is ignored.</param>
[GenerateSerializer, Immutable, Alias("fcan.shard-report")]
public sealed record ShardReport(int Shard, ShardCounts Counts, WrittenShard? Written, long Version = 0);
