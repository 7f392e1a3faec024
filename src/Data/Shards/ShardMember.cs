namespace Fcan.Data.Shards;

/// <summary>One file of a sample inside a shard, named "K.ext" for the sample's key K ("K.png", "K.label.png", "K.json").</summary>
public sealed record ShardMember(string Name, byte[] Content);
