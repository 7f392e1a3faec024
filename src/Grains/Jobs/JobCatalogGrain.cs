using Fcan.Grains.Contracts;
using Fcan.Grains.Persistence;

namespace Fcan.Grains.Jobs;

public sealed class JobCatalogGrain(
    [PersistentState("job-catalog", GrainStorageNames.Fcan)] IPersistentState<JobCatalogState> state)
    : Grain, IJobCatalogGrain
{
    public async Task SetJob(string jobId, bool active, CancellationToken cancellationToken)
    {
        var added = !state.State.Jobs.Contains(jobId);
        if (added) state.State.Jobs.Add(jobId);
        var changed = active ? state.State.Active.Add(jobId) : state.State.Active.Remove(jobId);
        if (added || changed) await state.WriteStateAsync(cancellationToken);
    }

    public Task<IReadOnlyList<string>> ListJobs(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(state.State.Jobs.ToList());

    public Task<IReadOnlyList<string>> ActiveJobs(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(state.State.Jobs.Where(state.State.Active.Contains).ToList());
}
