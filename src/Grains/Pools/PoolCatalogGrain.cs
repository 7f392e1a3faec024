using Fcan.Grains.Contracts;
using Fcan.Grains.Persistence;

namespace Fcan.Grains.Pools;

public sealed class PoolCatalogGrain(
    [PersistentState("pool-catalog", GrainStorageNames.Fcan)] IPersistentState<SortedSet<string>> state)
    : Grain, IPoolCatalogGrain
{
    public async Task Add(string poolName, CancellationToken cancellationToken)
    {
        if (state.State.Add(poolName)) await state.WriteStateAsync(cancellationToken);
    }

    public Task<IReadOnlyList<string>> List(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(state.State.ToList());
}
