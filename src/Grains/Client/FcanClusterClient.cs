using System.Runtime.CompilerServices;
using Fcan.Engine.Style;
using Fcan.Grains.Contracts;
using Orleans.Runtime;

namespace Fcan.Grains.Client;

/// <summary>What the CLI does with a cluster (embedded or remote), in one place, over an Orleans client.</summary>
public sealed class FcanClusterClient(IClusterClient client)
{
    private const int FailurePage = 500;
    private static readonly TimeSpan WatchGivesUpAfter = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan StreamStallMargin = TimeSpan.FromSeconds(30);

    /// <summary>A fresh job id: sortable by start time, short enough to type.</summary>
    public static string NewJobId() => $"job-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>Starts a job; the pool must exist, and a <see cref="JobSpec.PoolVersion"/> of 0 pins its current version.</summary>
    public async Task<JobStatus> StartJobAsync(string jobId, JobSpec spec, CancellationToken cancellationToken)
    {
        var pool = await GetPoolAsync(spec.Pool, cancellationToken);
        var pinned = spec.PoolVersion == 0 ? spec with { PoolVersion = pool.Version } : spec;
        return await Job(jobId).Start(pinned, cancellationToken);
    }

    /// <summary>The job's status; throws <see cref="FcanNotFoundException"/> for an unknown id.</summary>
    public async Task<JobStatus> GetJobAsync(string jobId, CancellationToken cancellationToken) =>
        Known(await Job(jobId).GetStatus(cancellationToken));

    public async Task<IReadOnlyList<JobStatus>> ListJobsAsync(CancellationToken cancellationToken)
    {
        var ids = await client.GetGrain<IJobCatalogGrain>(0).ListJobs(cancellationToken);
        var statuses = await Task.WhenAll(ids.Select(id => Job(id).GetStatus(cancellationToken)));
        return statuses;
    }

    public async Task<JobStatus> PauseJobAsync(string jobId, CancellationToken cancellationToken)
    {
        await GetJobAsync(jobId, cancellationToken);
        return await Job(jobId).Pause(cancellationToken);
    }

    public async Task<JobStatus> ResumeJobAsync(string jobId, CancellationToken cancellationToken)
    {
        await GetJobAsync(jobId, cancellationToken);
        return await Job(jobId).Resume(cancellationToken);
    }

    public async Task<JobStatus> CancelJobAsync(string jobId, CancellationToken cancellationToken)
    {
        await GetJobAsync(jobId, cancellationToken);
        return await Job(jobId).Cancel(cancellationToken);
    }

    /// <summary>Every failed item of the job with its reason.</summary>
    public async Task<IReadOnlyList<ItemFailure>> GetFailuresAsync(string jobId, CancellationToken cancellationToken)
    {
        await GetJobAsync(jobId, cancellationToken);
        var failures = new List<ItemFailure>();
        while (true)
        {
            var page = await Job(jobId).GetFailures(failures.Count, FailurePage, cancellationToken);
            failures.AddRange(page);
            if (page.Count < FailurePage) return failures;
        }
    }

    /// <summary>Live status every <paramref name="interval"/> until the job is final. When the silo holding the job
    /// dies the stream breaks; the job lives on elsewhere, so the watch subscribes again until it has heard nothing
    /// for <see cref="WatchGivesUpAfter"/>.</summary>
    public async IAsyncEnumerable<JobStatus> WatchJobAsync(string jobId, TimeSpan interval,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await GetJobAsync(jobId, cancellationToken);
        var lastHeard = DateTimeOffset.UtcNow;
        while (true)
        {
            var stream = Job(jobId).WatchProgress(interval, cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                while (true)
                {
                    try
                    {
                        // A stream that says nothing for several intervals is as lost as one that failed.
                        if (!await stream.MoveNextAsync().AsTask().WaitAsync(interval * 5 + StreamStallMargin, cancellationToken))
                            yield break;
                    }
                    catch (Exception error) when (IsTransient(error) && DateTimeOffset.UtcNow - lastHeard < WatchGivesUpAfter)
                    {
                        break;
                    }
                    lastHeard = DateTimeOffset.UtcNow;
                    yield return stream.Current;
                }
            }
            finally
            {
                try { await stream.DisposeAsync(); }
                catch (Exception error) when (IsTransient(error) || error is InvalidOperationException)
                {
                    // The stream's silo is gone, or a stalled read is still pending on it: nothing to release.
                }
            }
            await Task.Delay(interval, cancellationToken);
        }
    }

    /// <summary>Starts a distributed training job on the cluster's devices.</summary>
    public Task<TrainingStatus> StartTrainingAsync(string jobId, TrainingSpec spec, CancellationToken cancellationToken) =>
        client.GetGrain<ITrainingJobGrain>(jobId).Start(spec, cancellationToken);

    /// <summary>The training job's status every <paramref name="interval"/> until it is final, polled: a poll that
    /// fails while the job's silo dies is retried until nothing was heard for <see cref="WatchGivesUpAfter"/>.</summary>
    public async IAsyncEnumerable<TrainingStatus> WatchTrainingAsync(string jobId, TimeSpan interval,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lastHeard = DateTimeOffset.UtcNow;
        while (true)
        {
            TrainingStatus? status = null;
            try
            {
                status = await client.GetGrain<ITrainingJobGrain>(jobId).GetStatus(cancellationToken);
                lastHeard = DateTimeOffset.UtcNow;
            }
            catch (Exception error) when (IsTransient(error) && DateTimeOffset.UtcNow - lastHeard < WatchGivesUpAfter)
            {
                // The job's silo is going away; the job comes back elsewhere from its stored state.
            }
            if (status is not null)
            {
                yield return status;
                if (status.IsFinal || status.State == TrainingState.Unknown) yield break;
            }
            await Task.Delay(interval, cancellationToken);
        }
    }

    private static bool IsTransient(Exception error) => error is TimeoutException or SiloUnavailableException
        or OrleansMessageRejectionException or EnumerationAbortedException;

    /// <summary>Creates or updates a pool (a changed image set gives a new version).</summary>
    public async Task<PoolInfo> DefinePoolAsync(string name, PoolDefinition definition, CancellationToken cancellationToken)
    {
        var info = await client.GetGrain<IStylePoolGrain>(name).Define(definition, cancellationToken);
        await client.GetGrain<IPoolCatalogGrain>(0).Add(name, cancellationToken);
        return info;
    }

    /// <summary>The pool's current version; throws <see cref="FcanNotFoundException"/> for an unknown name.</summary>
    public async Task<PoolInfo> GetPoolAsync(string name, CancellationToken cancellationToken) =>
        await client.GetGrain<IStylePoolGrain>(name).Get(cancellationToken)
        ?? throw new FcanNotFoundException($"pool '{name}' not found");

    /// <summary>The pool's current version and its style statistics; throws <see cref="FcanNotFoundException"/> for an
    /// unknown name.</summary>
    public async Task<(PoolInfo Pool, StyleStatistics Statistics)> GetPoolStatisticsAsync(string name, CancellationToken cancellationToken)
    {
        var pool = await GetPoolAsync(name, cancellationToken);
        var bytes = await client.GetGrain<IStylePoolGrain>(name).GetStatistics(pool.Version, cancellationToken)
            ?? throw new FcanNotFoundException($"pool '{name}' has no version {pool.Version}");
        return (pool, StyleStatistics.ReadFrom(new MemoryStream(bytes)));
    }

    public async Task<IReadOnlyList<PoolInfo>> ListPoolsAsync(CancellationToken cancellationToken)
    {
        var names = await client.GetGrain<IPoolCatalogGrain>(0).List(cancellationToken);
        var pools = await Task.WhenAll(names.Select(name => client.GetGrain<IStylePoolGrain>(name).Get(cancellationToken)));
        return pools.OfType<PoolInfo>().ToList();
    }

    /// <summary>Creates or replaces a scheduled refresh; a <see cref="JobSpec.PoolVersion"/> of 0 follows the pool's
    /// current version at each run. The pool must exist now.</summary>
    public async Task<ScheduleInfo> AddScheduleAsync(string name, TimeSpan every, JobSpec spec, CancellationToken cancellationToken)
    {
        await GetPoolAsync(spec.Pool, cancellationToken);
        return await client.GetGrain<IScheduleGrain>(name).Set(every, spec, cancellationToken);
    }

    public async Task<IReadOnlyList<ScheduleInfo>> ListSchedulesAsync(CancellationToken cancellationToken)
    {
        var names = await client.GetGrain<IScheduleCatalogGrain>(0).List(cancellationToken);
        var schedules = await Task.WhenAll(names.Select(name => client.GetGrain<IScheduleGrain>(name).Get(cancellationToken)));
        return schedules.OfType<ScheduleInfo>().ToList();
    }

    /// <summary>Stops and forgets a schedule; throws <see cref="FcanNotFoundException"/> for an unknown name.</summary>
    public async Task<ScheduleInfo> RemoveScheduleAsync(string name, CancellationToken cancellationToken)
    {
        var schedule = client.GetGrain<IScheduleGrain>(name);
        var removed = await schedule.Get(cancellationToken) ?? throw new FcanNotFoundException($"schedule '{name}' not found");
        await schedule.Remove(cancellationToken);
        return removed;
    }

    public Task<ClusterStatus> GetClusterStatusAsync(CancellationToken cancellationToken) =>
        client.GetGrain<IClusterStatusGrain>(0).GetStatus(cancellationToken);

    private IConversionJobGrain Job(string jobId) => client.GetGrain<IConversionJobGrain>(jobId);

    private static JobStatus Known(JobStatus status) =>
        status.State == JobState.Unknown ? throw new FcanNotFoundException($"job '{status.JobId}' not found") : status;
}
