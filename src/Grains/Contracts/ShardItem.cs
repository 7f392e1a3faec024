namespace Fcan.Grains.Contracts;

/// <summary>An item assigned to a shard: its key, and its earlier output when a refresh may reuse it.</summary>
[GenerateSerializer, Immutable, Alias("fcan.shard-item")]
public sealed record ShardItem(string Key, PreviousOutput? Previous = null);
