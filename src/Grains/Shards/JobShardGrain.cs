using Fcan.Data.Shards;
using Fcan.Data.Storage;
using System.Diagnostics;
using Fcan.Grains.Contracts;
using Fcan.Grains.Metrics;
using Fcan.Grains.Persistence;
using Fcan.Grains.Storage;
using Fcan.Grains.Tasks;
using Microsoft.Extensions.Logging;

namespace Fcan.Grains.Shards;

/// <summary>One shard of a job: its items' render tasks, their leases, and the shard file once they are all final.
/// Items live as records here rather than one grain each, so a batch of leases or completions costs one state write.</summary>
public sealed class JobShardGrain(
    [PersistentState("shard", GrainStorageNames.Fcan)] IPersistentState<ShardState> state,
    BlobStoreCache stores,
    TimeProvider time,
    ILogger<JobShardGrain> log) : Grain, IJobShardGrain
{
    private string JobId => ShardKey.Parse(this.GetPrimaryKeyString()).JobId;
    private int Index => ShardKey.Parse(this.GetPrimaryKeyString()).Shard;
    private ShardState Shard => state.State;

    /// <summary>The shard's span while this activation holds it (<see cref="FcanTracing"/>); ends with the file written.</summary>
    private Activity? span;

    public async Task Assign(ShardAssignment assignment, CancellationToken cancellationToken)
    {
        Shard.Spec ??= assignment.Spec;
        Shard.Name ??= assignment.ShardName;
        Shard.JobTraceParent ??= assignment.TraceParent;
        if (assignment.FirstPosition > Shard.Tasks.Count)
            throw new InvalidOperationException(
                $"shard {this.GetPrimaryKeyString()}: items from position {assignment.FirstPosition} but it holds {Shard.Tasks.Count}");
        foreach (var item in assignment.Items.Skip(Shard.Tasks.Count - assignment.FirstPosition))
            Shard.Tasks.Add(RenderTask.For(item));
        Shard.Sealed |= assignment.SealedAfter || Shard.Tasks.Count >= assignment.Spec.ShardSize;
        await SaveAndReportAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<RenderLease>> Lease(string workerId, int max, TimeSpan duration,
        CancellationToken cancellationToken)
    {
        if (Shard.Spec is not { } spec || Shard.Written is not null || Shard.Halted) return [];
        var now = time.GetUtcNow();
        var leases = new List<RenderLease>();
        var exhausted = false;
        foreach (var task in Shard.Tasks)
        {
            if (leases.Count >= max) break;
            if (!task.IsLeasable(now)) continue;
            if (task.TryLease(JobId, Index, now, duration, spec.MaxAttempts) is { } lease)
                leases.Add(lease with { TraceParent = Span()?.Id });
            else exhausted = true;
        }
        // Granting leases is not persisted: after a restart the items are pending again and get re-rendered, which
        // stores nothing new (outputs are create-only) and is half the state writes per batch. Failures are persisted.
        if (exhausted) await SaveAndReportAsync(cancellationToken);
        else if (leases.Count > 0) await ReportAsync(cancellationToken);
        return leases;
    }

    public Task<IReadOnlyList<Guid>> Renew(IReadOnlyList<Guid> leaseIds, TimeSpan duration,
        CancellationToken cancellationToken)
    {
        // Deadlines are not persisted on renewal: after a restart a lease simply expires sooner, and the re-render
        // that may follow stores nothing new (outputs are create-only under deterministic names).
        var now = time.GetUtcNow();
        var byLease = Shard.Tasks.Where(t => t.Status == RenderTaskStatus.Leased).ToDictionary(t => t.LeaseId);
        IReadOnlyList<Guid> lost = leaseIds
            .Where(id => !byLease.TryGetValue(id, out var task) || !task.Renew(id, now, duration))
            .ToList();
        return Task.FromResult(lost);
    }

    public async Task Report(IReadOnlyList<RenderOutcome> outcomes, CancellationToken cancellationToken)
    {
        if (Shard.Spec is not { } spec) return;
        var byKey = Shard.Tasks.ToDictionary(t => t.Key);
        var changed = false;
        foreach (var outcome in outcomes)
            if (byKey.TryGetValue(outcome.ItemKey, out var task)) changed |= task.Apply(outcome, spec.MaxAttempts);
        if (changed) await SaveAndReportAsync(cancellationToken);
    }

    public async Task Release(IReadOnlyList<Guid> leaseIds, CancellationToken cancellationToken)
    {
        var released = Shard.Tasks.Count(t => leaseIds.Contains(t.LeaseId) && t.Release(t.LeaseId));
        if (released > 0) await SaveAndReportAsync(cancellationToken);
    }

    public async Task SetAcceptingWork(bool accepting, CancellationToken cancellationToken)
    {
        if (Shard.Halted != accepting) return;
        Shard.Halted = !accepting;
        await PersistAsync(cancellationToken);
    }

    public async Task<ShardReport> Reconcile(CancellationToken cancellationToken)
    {
        await TryWriteShardAsync(cancellationToken);
        return CurrentReport();
    }

    public Task<IReadOnlyList<WrittenItem>> GetWrittenItems(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<WrittenItem>>(Shard.Written is not { Members: > 0 }
            ? []
            : Shard.Tasks.Where(t => t.Status == RenderTaskStatus.Done)
                // An output without a recorded source never matches, so a later refresh renders it again.
                .Select(t => new WrittenItem(t.Key, t.SourceSha256 ?? "")).ToList());

    public Task<IReadOnlyList<ItemFailure>> GetFailures(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ItemFailure>>(
            Shard.Tasks.Where(t => t.Status == RenderTaskStatus.Failed).Select(t => t.ToFailure()).ToList());

    /// <summary>Writes the state, or, when storage fails, lets this activation go once the call ends: what it holds
    /// in memory is then ahead of storage (outcomes applied, a shard file noted) and no later call would write it
    /// again (a repeated outcome changes nothing), so the shard could wait forever. The next activation starts from
    /// what storage holds: items whose outcome was lost are rendered again, which stores nothing new (create-only).</summary>
    private async Task PersistAsync(CancellationToken cancellationToken)
    {
        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch
        {
            this.DeactivateOnIdle();
            throw;
        }
    }

    private async Task SaveAndReportAsync(CancellationToken cancellationToken)
    {
        await PersistAsync(cancellationToken);
        if (!await TryWriteShardAsync(cancellationToken)) await ReportAsync(cancellationToken);
    }

    private Task ReportAsync(CancellationToken cancellationToken) =>
        GrainFactory.GetGrain<IConversionJobGrain>(JobId).ReportShard(CurrentReport(), cancellationToken);

    /// <summary>Writes the shard file once every item is final; true when this call wrote it (and reported it).</summary>
    private async Task<bool> TryWriteShardAsync(CancellationToken cancellationToken)
    {
        if (Shard.Spec is not { } spec || Shard.Written is not null || !Shard.Sealed
            || !Shard.Tasks.All(t => t.IsFinal)) return false;
        var output = stores.Open(spec.Output);
        var done = Shard.Tasks.Where(t => t.Status == RenderTaskStatus.Done).ToList();
        if (ShardAssembler.Unchanged(Shard.Tasks, Index) is { } unchanged) Shard.Written = unchanged;
        else if (done.Count == 0) Shard.Written = new WrittenShard(Index, "", 0, 0, "");
        else if (await TryCollectAsync(output, done, cancellationToken) is { } samples)
            Shard.Written = ToWritten(await ShardWriter.WriteAsync(output, Shard.Name ?? ShardNames.ForIndex(Index), samples, cancellationToken));
        else return false;
        await PersistAsync(cancellationToken);
        Span()?.SetTag("fcan.shard.name", Shard.Written.Name).SetTag("fcan.shard.samples", done.Count).Stop();
        log.LogInformation("Shard {Shard} of job {Job} written: {Name}, {Done} samples, {Reused} of them reused",
            Index, JobId, Shard.Written.Name, done.Count, done.Count(t => t.Reused));
        // The items' staging outputs are in the shard now; free the space while the job goes on.
        await Task.WhenAll(done.Where(task => !task.Reused).Select(task => output.DeleteAsync(task.OutputRef!, cancellationToken)));
        await ReportAsync(cancellationToken);
        return true;
    }

    /// <summary>The shard's samples; null when an earlier generation's shard could not be read, in which case its
    /// items are rendered after all.</summary>
    private async Task<IReadOnlyList<ShardSample>?> TryCollectAsync(IBlobStore output, IReadOnlyList<RenderTask> done,
        CancellationToken cancellationToken)
    {
        try
        {
            return await ShardAssembler.CollectAsync(output, done, cancellationToken);
        }
        catch (ShardVerificationException error)
        {
            log.LogWarning("Shard {Shard} of job {Job}: cannot reuse the previous generation ({Reason}); rendering its items",
                Index, JobId, error.Message);
            foreach (var task in done) task.ForgetPrevious();
            await PersistAsync(cancellationToken);
            return null;
        }
    }

    /// <summary>The shard's span, started under the job's when this activation first needs it.</summary>
    private Activity? Span() => span ??= FcanTracing.Start("fcan.shard", Shard.JobTraceParent,
        ("fcan.job.id", JobId), ("fcan.shard.index", Index));

    private WrittenShard ToWritten(ShardRecord record) =>
        new(Index, record.Name, record.Members, record.Bytes, record.Sha256);

    private ShardReport CurrentReport()
    {
        int pending = 0, leased = 0, done = 0, failed = 0, reused = 0;
        foreach (var task in Shard.Tasks)
        {
            switch (task.Status)
            {
                case RenderTaskStatus.Pending: pending++; break;
                case RenderTaskStatus.Leased: leased++; break;
                case RenderTaskStatus.Done: done++; reused += task.Reused ? 1 : 0; break;
                case RenderTaskStatus.Failed: failed++; break;
            }
        }
        return new ShardReport(Index, new ShardCounts(Shard.Tasks.Count, pending, leased, done, failed, reused), Shard.Written);
    }
}
