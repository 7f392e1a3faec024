namespace Fcan.Grains.Contracts;

/// <summary>A shard written to the job's output: what the manifest lists for it. <see cref="Members"/> 0 means every
/// item of the shard failed, so there is no file and the manifest leaves it out.</summary>
[GenerateSerializer, Immutable, Alias("fcan.written-shard")]
public sealed record WrittenShard(int Index, string Name, int Members, long Bytes, string Sha256);
