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

    public static RenderTask For(ShardItem item) => new() { Key = item.Key, Previous = item.Previous };

    public bool IsFinal => Status is RenderTaskStatus.Done or RenderTaskStatus.Failed;

    /// <summary>Pending, or leased past its deadline (its worker is gone or too slow).</summary>
    public bool IsLeasable(DateTimeOffset now) =>
        Status == RenderTaskStatus.Pending || (Status == RenderTaskStatus.Leased && Deadline <= now);

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
    /// for the source this task may reuse.</summary>
    public bool Apply(RenderOutcome outcome, int maxAttempts)
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
            return true;
        }
        if (Status != RenderTaskStatus.Leased || LeaseId != outcome.LeaseId) return false;
        Reason = outcome.FailureReason;
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

    public ItemFailure ToFailure() => new(Key, Reason ?? "failed", Attempts);

    private void Fail(string reason)
    {
        Status = RenderTaskStatus.Failed;
        Reason = reason;
    }
}
