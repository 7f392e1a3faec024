namespace Fcan.Grains.Contracts;

/// <summary>An item in a written shard, with the sha256 of the source it was made from (for the generation's index).</summary>
[GenerateSerializer, Immutable, Alias("fcan.written-item")]
public sealed record WrittenItem(string Key, string SourceSha256);
