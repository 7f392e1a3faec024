namespace Fcan.Data.Shards;

/// <summary>A written shard as the manifest lists it: name, tar member count, byte size and SHA-256 (lowercase hex).</summary>
public sealed record ShardRecord(string Name, int Members, long Bytes, string Sha256);
