namespace Fcan.Grains.Contracts;

/// <summary>Where the output's current generation holds an item, for a refresh made with the same settings and pool
/// version: reused as it is when the item's source still has <paramref name="SourceSha256"/>.</summary>
/// <param name="SourceSha256">The sha256 of the source files the earlier output was made from.</param>
/// <param name="Shard">The earlier generation's shard that holds the item.</param>
/// <param name="Position">The item's position within that shard.</param>
/// <param name="ShardSamples">How many items that shard holds.</param>
[GenerateSerializer, Immutable, Alias("fcan.previous-output")]
public sealed record PreviousOutput(string SourceSha256, WrittenShard Shard, int Position, int ShardSamples);
