namespace Fcan.Grains.Contracts;

/// <summary>All pool names (key: 0), for `fcan pool list`.</summary>
public interface IPoolCatalogGrain : IGrainWithIntegerKey
{
    Task Add(string poolName, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<string>> List(CancellationToken cancellationToken = default);
}
