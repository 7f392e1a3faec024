namespace Fcan.Grains.Contracts;

/// <summary>A shard tells its job its counts after each change, and once what it wrote.</summary>
/// <param name="Shard">The shard's index.</param>
/// <param name="Counts">Its items by state.</param>
/// <param name="Written">Set once the shard file is written (all its items done or failed).</param>
[GenerateSerializer, Immutable, Alias("fcan.shard-report")]
public sealed record ShardReport(int Shard, ShardCounts Counts, WrittenShard? Written);
