namespace Fcan.Grains.Contracts;

/// <summary>What a target-style pool is made of: its images (local paths or az:// URIs) and the size they are
/// resized to before statistics are taken (null keeps each image's own size).</summary>
[GenerateSerializer, Immutable, Alias("fcan.pool-definition")]
public sealed record PoolDefinition(IReadOnlyList<string> Images, ImageSize? Size);
