namespace Fcan.Data.Shards;

/// <summary>A sample of an indexed shard: its key and the sha256 of the source files it was made from.</summary>
public sealed record IndexedSample(string Key, string SourceSha256);
