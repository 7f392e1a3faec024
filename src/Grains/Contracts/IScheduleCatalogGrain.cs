namespace Fcan.Grains.Contracts;

/// <summary>All schedule names (key: 0), for `fcan schedule list`.</summary>
public interface IScheduleCatalogGrain : IGrainWithIntegerKey
{
    Task Add(string scheduleName, CancellationToken cancellationToken = default);

    Task Remove(string scheduleName, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<string>> List(CancellationToken cancellationToken = default);
}
