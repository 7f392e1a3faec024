namespace Fcan.Grains.Contracts;

/// <summary>A conversion job (key: job id): lists the source in pages into shards, tracks progress, writes the
/// manifest last, and continues by itself after a restart.</summary>
public interface IConversionJobGrain : IGrainWithStringKey
{
    /// <summary>Starts the job; starting again with the same spec is harmless and returns the current status. Refused
    /// while another job is active on the same output (the error names it).</summary>
    Task<JobStatus> Start(JobSpec spec, CancellationToken cancellationToken = default);

    /// <summary>The job's status; <see cref="JobState.Unknown"/> when no job has this id.</summary>
    Task<JobStatus> GetStatus(CancellationToken cancellationToken = default);

    /// <summary>Stops handing out new work; leased items still finish.</summary>
    Task<JobStatus> Pause(CancellationToken cancellationToken = default);

    /// <summary>Continues a paused job (also a no-op on a running one).</summary>
    Task<JobStatus> Resume(CancellationToken cancellationToken = default);

    /// <summary>Stops the job for good; no manifest is written.</summary>
    Task<JobStatus> Cancel(CancellationToken cancellationToken = default);

    /// <summary>Items that ended failed, in shard order, a page at a time.</summary>
    Task<IReadOnlyList<ItemFailure>> GetFailures(int skip, int take, CancellationToken cancellationToken = default);

    /// <summary>Status snapshots every <paramref name="interval"/> until the job is final (the last one included).</summary>
    IAsyncEnumerable<JobStatus> WatchProgress(TimeSpan interval, CancellationToken cancellationToken = default);

    /// <summary>For device workers: a shard of this job that may have work, or null when there is none now.</summary>
    Task<int?> FindShardWithWork(CancellationToken cancellationToken = default);
}
