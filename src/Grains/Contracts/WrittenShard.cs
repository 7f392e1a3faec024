namespace Fcan.Grains.Contracts;

/// <summary>A shard written to the job's output: what the manifest lists for it.</summary>
[GenerateSerializer, Immutable, Alias("fcan.written-shard")]
public sealed record WrittenShard(int Index, string Name, int Members, long Bytes, string Sha256);
