namespace Fcan.Grains.Contracts;

/// <summary>One shard of a job (key: "jobId/shardIndex"): the render-task state machine of each of its items,
/// leases to device workers, and the shard file, written once when every item is done or failed. It owns its items'
/// state and counts and never calls its job: the job asks (docs/job-protocol.md).</summary>
public interface IJobShardGrain : IGrainWithStringKey
{
    /// <summary>Adds items (in listing order, starting at the assignment's position within the shard); a sealed
    /// assignment says no more items will come. Adding the same items again is harmless. Returns the shard's counts.</summary>
    Task<ShardReport> Assign(ShardAssignment assignment, CancellationToken cancellationToken = default);

    /// <summary>Leases up to <paramref name="max"/> pending (or expired) items to a worker for <paramref name="duration"/>.</summary>
    Task<IReadOnlyList<RenderLease>> Lease(string workerId, int max, TimeSpan duration,
        CancellationToken cancellationToken = default);

    /// <summary>Extends live leases; returns the ids that are no longer held (expired and re-leased, or finished).</summary>
    Task<IReadOnlyList<Guid>> Renew(IReadOnlyList<Guid> leaseIds, TimeSpan duration,
        CancellationToken cancellationToken = default);

    /// <summary>Records what workers did; reports for stale leases or finished items are ignored (idempotent).</summary>
    Task Report(IReadOnlyList<RenderOutcome> outcomes, CancellationToken cancellationToken = default);

    /// <summary>Gives leases back unrendered (graceful shutdown); the items become pending without using an attempt.</summary>
    Task Release(IReadOnlyList<Guid> leaseIds, CancellationToken cancellationToken = default);

    /// <summary>Pause, resume and cancel reach the shards through this, so that a worker that keeps leasing from the
    /// shard it is on stops at once; a halted shard leases nothing.</summary>
    Task SetAcceptingWork(bool accepting, CancellationToken cancellationToken = default);

    /// <summary>Cancels the shard for good: it leases nothing and never writes its file.</summary>
    Task Cancel(CancellationToken cancellationToken = default);

    /// <summary>The shard's counts and, once written, its file; writes the file first if every item is final.
    /// <paramref name="reload"/> re-reads the state from storage first when no lease is live (which retires a
    /// stale activation).</summary>
    Task<ShardReport> Reconcile(bool reload = false, CancellationToken cancellationToken = default);

    /// <summary>The items of the written shard file in order, with their sources' sha256 (the generation's index);
    /// fails while the shard is not written.</summary>
    Task<IReadOnlyList<WrittenItem>> GetWrittenItems(CancellationToken cancellationToken = default);

    /// <summary>The shard's failed items.</summary>
    Task<IReadOnlyList<ItemFailure>> GetFailures(CancellationToken cancellationToken = default);
}
