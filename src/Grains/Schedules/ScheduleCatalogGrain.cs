using Fcan.Grains.Contracts;
using Fcan.Grains.Persistence;

namespace Fcan.Grains.Schedules;

public sealed class ScheduleCatalogGrain(
    [PersistentState("schedule-catalog", GrainStorageNames.Fcan)] IPersistentState<SortedSet<string>> state)
    : Grain, IScheduleCatalogGrain
{
    public async Task Add(string scheduleName, CancellationToken cancellationToken)
    {
        if (state.State.Add(scheduleName)) await state.WriteStateAsync(cancellationToken);
    }

    public async Task Remove(string scheduleName, CancellationToken cancellationToken)
    {
        if (state.State.Remove(scheduleName)) await state.WriteStateAsync(cancellationToken);
    }

    public Task<IReadOnlyList<string>> List(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(state.State.ToList());
}
