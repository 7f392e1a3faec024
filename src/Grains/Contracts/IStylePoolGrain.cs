namespace Fcan.Grains.Contracts;

/// <summary>A target-style pool (key: pool name): its images and their merged style statistics, versioned.</summary>
public interface IStylePoolGrain : IGrainWithStringKey
{
    /// <summary>Creates the pool, or updates it: a changed image set or size builds a new version,
    /// an unchanged one returns the current version.</summary>
    [ResponseTimeout("00:30:00")]
    Task<PoolInfo> Define(PoolDefinition definition, CancellationToken cancellationToken = default);

    /// <summary>The current version, or null when no pool has this name.</summary>
    Task<PoolInfo?> Get(CancellationToken cancellationToken = default);

    /// <summary>An earlier or the current version (jobs render against the version they pinned), or null.</summary>
    Task<PoolInfo?> GetVersion(int version, CancellationToken cancellationToken = default);

    /// <summary>A version's style statistics (Engine's StyleStatistics format), or null when there is no such version:
    /// what a local adapter training learns, read where the pool store is reachable.</summary>
    Task<byte[]?> GetStatistics(int version, CancellationToken cancellationToken = default);
}
