using Fcan.Grains.Contracts;

namespace Fcan.Grains.Tasks;

/// <summary>The render of one item: pending, leased to a worker until a deadline, done with an output and checksum,
/// or failed with a reason. Transitions are idempotent: a late or repeated report never undoes a final state.
/// In a refresh, a done task may instead be reused: its source was unchanged, so the previous generation's output stands.</summary>
[GenerateSerializer, Alias("fcan.render-task")]
public sealed class RenderTask
{
    [Id(0)] public string Key { get; init; } = "";
    [Id(1)] public RenderTaskStatus Status { get; private set; }
    [Id(2)] public int Attempts { get; private set; }
    [Id(3)] public Guid LeaseId { get; private set; }
    [Id(4)] public DateTimeOffset Deadline { get; private set; }
    [Id(5)] public string? OutputRef { get; private set; }
    [Id(6)] public string? Sha256 { get; private set; }
    [Id(7)] public string? Reason { get; private set; }
    /// <summary>The previous generation's output of this item, when a refresh may reuse it.</summary>
    [Id(8)] public PreviousOutput? Previous { get; private set; }
    /// <summary>The sha256 of the source the output was made from, once done.</summary>
    [Id(9)] public string? SourceSha256 { get; private set; }
    /// <summary>Done by reusing <see cref="Previous"/> rather than rendering.</summary>
    [Id(10)] public bool Reused { get; private set; }
    /// <summary>Outages in a row (storage or device unavailable), which set the backoff; they use no attempt.</summary>
    [Id(11)] public int Outages { get; private set; }
    /// <summary>After an outage, the task is not leased again before this.</summary>
    [Id(12)] public DateTimeOffset NotBefore { get; private set; }

    public static RenderTask For(ShardItem item) => new() { Key = item.Key, Previous = item.Previous };

    public bool IsFinal => Status is RenderTaskStatus.Done or RenderTaskStatus.Failed;

    /// <summary>Pending (and past any outage backoff), or leased past its deadline (its worker is gone or too slow).</summary>
    public bool IsLeasable(DateTimeOffset now) =>
        (Status == RenderTaskStatus.Pending && NotBefore <= now) || (Status == RenderTaskStatus.Leased && Deadline <= now);

    /// <summary>Leases the task, using an attempt; a task whose attempts are used up by expired leases (say, an
    /// image that crashes its silo) fails instead and returns null.</summary>
    public RenderLease? TryLease(string jobId, int shard, DateTimeOffset now, TimeSpan duration, int maxAttempts)
    {
        if (!IsLeasable(now)) return null;
        if (Attempts >= maxAttempts)
        {
            Fail($"lease expired {Attempts} times (its worker died or hung)");
            return null;
        }
        Attempts++;
        Status = RenderTaskStatus.Leased;
        LeaseId = Guid.NewGuid();
        Deadline = now + duration;
        return new RenderLease(jobId, shard, Key, Attempts, LeaseId, Deadline, Previous?.SourceSha256);
    }

    /// <summary>Extends the lease if the caller still holds it.</summary>
    public bool Renew(Guid leaseId, DateTimeOffset now, TimeSpan duration)
    {
        if (Status != RenderTaskStatus.Leased || LeaseId != leaseId) return false;
        Deadline = now + duration;
        return true;
    }

    /// <summary>Applies a worker's report. A success is accepted from any lease (outputs have deterministic names,
    /// so a slow former lessee stored the same output); a failure only from the current lease. A reuse counts only
    /// for the source this task may reuse. An outage gives the attempt back and waits
    /// <paramref name="outageBackoff"/>(outages in a row) before the task may be leased again: only the item's own
    /// content may fail it for good.</summary>
    public bool Apply(RenderOutcome outcome, int maxAttempts, DateTimeOffset now, Func<int, TimeSpan> outageBackoff)
    {
        if (IsFinal) return false;
        if (outcome.Reused && outcome.SourceSha256 != Previous?.SourceSha256) return false;
        if (outcome.Succeeded)
        {
            Status = RenderTaskStatus.Done;
            OutputRef = outcome.OutputRef;
            Sha256 = outcome.Sha256;
            SourceSha256 = outcome.SourceSha256;
            Reused = outcome.Reused;
            Reason = null;
            Outages = 0;
            return true;
        }
        if (Status != RenderTaskStatus.Leased || LeaseId != outcome.LeaseId) return false;
        Reason = outcome.FailureReason;
        if (outcome.Outage)
        {
            Status = RenderTaskStatus.Pending;
            Attempts--;
            Outages++;
            NotBefore = now + outageBackoff(Outages);
            return true;
        }
        Outages = 0;
        if (outcome.Retryable && Attempts < maxAttempts) Status = RenderTaskStatus.Pending;
        else Fail(outcome.FailureReason ?? "failed");
        return true;
    }

    /// <summary>Hands a lease back unrendered: the attempt did not happen, so it is not counted.</summary>
    public bool Release(Guid leaseId)
    {
        if (Status != RenderTaskStatus.Leased || LeaseId != leaseId) return false;
        Status = RenderTaskStatus.Pending;
        Attempts--;
        return true;
    }

    /// <summary>The previous output turned out unreadable: render the item after all, without using an attempt.</summary>
    public void ForgetPrevious()
    {
        Previous = null;
        if (!Reused) return;
        Reused = false;
        Status = RenderTaskStatus.Pending;
        Attempts = Math.Max(0, Attempts - 1);
    }

    /// <summary>The item can't go into a shard (the shard writer refuses it): its content decides, so it fails.</summary>
    public void FailUnstorable(string reason)
    {
        if (Status == RenderTaskStatus.Done) Fail(reason);
    }

    /// <summary>The stored output is missing or does not match its checksum: render the item again, using an
    /// attempt, so an output that keeps going bad fails the item in the end.</summary>
    public void RedoLostOutput(string reason, int maxAttempts)
    {
        if (Status != RenderTaskStatus.Done || Reused) return;
        (OutputRef, Sha256, SourceSha256) = (null, null, null);
        if (Attempts >= maxAttempts) Fail(reason);
        else (Status, Reason) = (RenderTaskStatus.Pending, reason);
    }

    public ItemFailure ToFailure() => new(Key, Reason ?? "failed", Attempts);

    private void Fail(string reason)
    {
        Status = RenderTaskStatus.Failed;
        Reason = reason;
    }
}
