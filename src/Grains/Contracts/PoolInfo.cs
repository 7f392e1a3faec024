namespace Fcan.Grains.Contracts;

/// <summary>A target-style pool as `fcan pool show` prints it.</summary>
/// <param name="Name">The pool's name (its grain key).</param>
/// <param name="Version">Increases whenever the image set or size changes; jobs pin a version.</param>
/// <param name="Definition">Its images and size.</param>
/// <param name="StatisticsRef">Where the merged style statistics are stored (a blob name in the pool store).</param>
/// <param name="StatisticsHash">Content hash of those statistics, so a refresh can tell whether they changed.</param>
/// <param name="NetworkId">The feature network the statistics were computed with, e.g. "resnet18-cntk".</param>
/// <param name="UpdatedAt">When this version was built.</param>
[GenerateSerializer, Immutable, Alias("fcan.pool-info")]
public sealed record PoolInfo(
    string Name,
    int Version,
    PoolDefinition Definition,
    string StatisticsRef,
    string StatisticsHash,
    string NetworkId,
    DateTimeOffset UpdatedAt);
