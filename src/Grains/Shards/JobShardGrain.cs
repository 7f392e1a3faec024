using Fcan.Data.Shards;
using Fcan.Data.Storage;
using System.Diagnostics;
using Fcan.Grains.Contracts;
using Fcan.Grains.Metrics;
using Fcan.Grains.Jobs;
using Fcan.Grains.Persistence;
using Fcan.Grains.Storage;
using Fcan.Grains.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace Fcan.Grains.Shards;

/// <summary>One shard of a job: its items' render tasks, their leases, and the shard file once they are all final.
/// Items live as records here rather than one grain each, so a batch of leases or completions costs one state write.
/// The shard is the one owner of its items' state and counts (docs/job-protocol.md): it answers its job's calls and
/// never calls the job, so the two can't disagree about who holds the truth.</summary>
public sealed class JobShardGrain(
    [PersistentState(JobShardGrain.StateName, GrainStorageNames.Fcan)] IPersistentState<ShardState> state,
    BlobStoreCache stores,
    IOptions<JobTimingOptions> timings,
    TimeProvider time,
    ILogger<JobShardGrain> log) : Grain, IJobShardGrain
{
    private const string StateName = "shard";

    private string JobId => ShardKey.Parse(this.GetPrimaryKeyString()).JobId;
    private int Index => ShardKey.Parse(this.GetPrimaryKeyString()).Shard;
    private ShardState Shard => state.State;

    /// <summary>The shard's span while this activation holds it (<see cref="FcanTracing"/>); ends with the file written.</summary>
    private Activity? span;

    public async Task<ShardReport> Assign(ShardAssignment assignment, CancellationToken cancellationToken)
    {
        Shard.Spec ??= assignment.Spec;
        Shard.Name ??= assignment.ShardName;
        Shard.JobTraceParent ??= assignment.TraceParent;
        if (assignment.FirstPosition > Shard.Tasks.Count)
            throw new InvalidOperationException(
                $"shard {this.GetPrimaryKeyString()}: items from position {assignment.FirstPosition} but it holds {Shard.Tasks.Count}");
        // A page assigned again after a failure brings the items this shard already holds at the same positions.
        for (var i = 0; i < assignment.Items.Count && assignment.FirstPosition + i < Shard.Tasks.Count; i++)
            if (Shard.Tasks[assignment.FirstPosition + i].Key != assignment.Items[i].Key)
                throw new InvalidOperationException($"shard {this.GetPrimaryKeyString()}: position {assignment.FirstPosition + i} " +
                    $"holds '{Shard.Tasks[assignment.FirstPosition + i].Key}', not '{assignment.Items[i].Key}'");
        var sealedBefore = Shard.Sealed;
        var countBefore = Shard.Tasks.Count;
        foreach (var item in assignment.Items.Skip(Shard.Tasks.Count - assignment.FirstPosition))
            Shard.Tasks.Add(RenderTask.For(item));
        Shard.Sealed |= assignment.SealedAfter || Shard.Tasks.Count >= assignment.Spec.ShardSize;
        if (Shard.Tasks.Count != countBefore || Shard.Sealed != sealedBefore) await SaveAndWriteAsync(cancellationToken);
        return CurrentReport();
    }

    public async Task<IReadOnlyList<RenderLease>> Lease(string workerId, int max, TimeSpan duration,
        CancellationToken cancellationToken)
    {
        if (Shard.Spec is not { } spec || Shard.Written is not null || Shard.Halted || Shard.Cancelled) return [];
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
        if (exhausted) await SaveAndWriteAsync(cancellationToken);
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
        var now = time.GetUtcNow();
        var byKey = Shard.Tasks.ToDictionary(t => t.Key);
        var changed = false;
        foreach (var outcome in outcomes)
            if (byKey.TryGetValue(outcome.ItemKey, out var task))
                changed |= task.Apply(outcome, spec.MaxAttempts, now, timings.Value.RetryDelayAfter);
        if (changed) await SaveAndWriteAsync(cancellationToken);
    }

    public async Task Release(IReadOnlyList<Guid> leaseIds, CancellationToken cancellationToken)
    {
        var released = Shard.Tasks.Count(t => leaseIds.Contains(t.LeaseId) && t.Release(t.LeaseId));
        if (released > 0) await SaveAndWriteAsync(cancellationToken);
    }

    public async Task SetAcceptingWork(bool accepting, CancellationToken cancellationToken)
    {
        if (Shard.Halted != accepting) return;
        Shard.Halted = !accepting;
        await PersistAsync(cancellationToken);
    }

    public async Task Cancel(CancellationToken cancellationToken)
    {
        if (Shard.Cancelled || Shard.Written is not null) return;
        Shard.Cancelled = true;
        await PersistAsync(cancellationToken);
    }

    public async Task<ShardReport> Reconcile(bool reload, CancellationToken cancellationToken)
    {
        // After a silo dies, Orleans' directory can briefly hold two activations of a shard: the one the workers
        // report to writes storage, and the other, which the job may still be calling, answers from what it read
        // long ago. Holding a dead worker's lease, it would do so forever (nobody leases from it, so it never fails a
        // write and goes). So now and then the shard asks storage whether anyone else wrote it: if so, this
        // activation re-reads and answers what storage holds (its leases go: each lessee's success still counts, a
        // success is accepted from any lease); if not, its memory is the newest, live leases included.
        if (reload && Shard.Written is null && await StorageMovedOnAsync(cancellationToken))
            await state.ReadStateAsync(cancellationToken);
        await TryWriteShardAsync(cancellationToken);
        return CurrentReport();
    }

    public Task<IReadOnlyList<WrittenItem>> GetWrittenItems(CancellationToken cancellationToken) =>
        Shard.Written is not { } written
            ? throw new InvalidOperationException($"shard {this.GetPrimaryKeyString()} is not written yet")
            : Task.FromResult<IReadOnlyList<WrittenItem>>(written.Members == 0
                ? []
                : Shard.Tasks.Where(t => t.Status == RenderTaskStatus.Done)
                    // An output without a recorded source never matches, so a later refresh renders it again.
                    .Select(t => new WrittenItem(t.Key, t.SourceSha256 ?? "")).ToList());

    public Task<IReadOnlyList<ItemFailure>> GetFailures(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ItemFailure>>(
            Shard.Tasks.Where(t => t.Status == RenderTaskStatus.Failed).Select(t => t.ToFailure()).ToList());

    /// <summary>Whether storage holds a state of this shard that this activation did not write (its ETag differs).</summary>
    private async Task<bool> StorageMovedOnAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var stored = new GrainState<ShardState>();
        await ServiceProvider.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Fcan)
            .ReadStateAsync(StateName, this.GetGrainId(), stored);
        return stored.ETag != state.Etag;
    }

    /// <summary>Writes the state, or, when storage fails, lets this activation go once the call ends: what it holds
    /// in memory is then ahead of storage (outcomes applied, a shard file noted) and no later call would write it
    /// again (a repeated outcome changes nothing), so the shard could wait forever. The next activation starts from
    /// what storage holds: items whose outcome was lost are rendered again, which stores nothing new (create-only).</summary>
    private async Task PersistAsync(CancellationToken cancellationToken)
    {
        Shard.Version++;
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

    private async Task SaveAndWriteAsync(CancellationToken cancellationToken)
    {
        await PersistAsync(cancellationToken);
        await TryWriteShardAsync(cancellationToken);
    }

    /// <summary>Writes the shard file once every item is final. Items the file can't hold fail with the writer's
    /// reason, and items whose stored output was lost are rendered again, so one odd item never holds the shard up.</summary>
    private async Task TryWriteShardAsync(CancellationToken cancellationToken)
    {
        while (Shard.Spec is { } spec && Shard.Written is null && Shard.Sealed && !Shard.Cancelled && Shard.Tasks.All(t => t.IsFinal))
        {
            var output = stores.Open(spec.Output);
            var done = Shard.Tasks.Where(t => t.Status == RenderTaskStatus.Done).ToList();
            if (ShardAssembler.Unchanged(Shard.Tasks, Index) is { } unchanged) Shard.Written = unchanged;
            else if (done.Count == 0) Shard.Written = new WrittenShard(Index, "", 0, 0, "");
            else
            {
                if (await TryCollectAsync(output, done, cancellationToken) is not { } samples) return;
                try
                {
                    Shard.Written = ToWritten(await ShardWriter.WriteAsync(output, Shard.Name ?? ShardNames.ForIndex(Index), samples, cancellationToken));
                }
                catch (ArgumentException error)
                {
                    var refused = await ShardProbe.RefusedAsync(samples, cancellationToken);
                    if (refused.Count == 0) throw new InvalidOperationException($"shard {Index} of job {JobId}: {error.Message}", error);
                    var byKey = done.ToDictionary(t => t.Key);
                    foreach (var (key, reason) in refused) byKey[key].FailUnstorable($"item '{key}': can't be stored in a shard ({reason})");
                    await PersistAsync(cancellationToken);
                    continue;
                }
            }
            await PersistAsync(cancellationToken);
            Span()?.SetTag("fcan.shard.name", Shard.Written.Name).SetTag("fcan.shard.samples", done.Count).Stop();
            log.LogInformation("Shard {Shard} of job {Job} written: {Name}, {Done} samples, {Reused} of them reused",
                Index, JobId, Shard.Written.Name, done.Count, done.Count(t => t.Reused));
            // The items' staging outputs are in the shard now; free the space while the job goes on.
            await Task.WhenAll(done.Where(task => !task.Reused).Select(task => output.DeleteAsync(task.OutputRef!, cancellationToken)));
        }
    }

    /// <summary>The shard's samples; null when some items must be rendered after all: an earlier generation's shard
    /// could not be read, or stored outputs were lost.</summary>
    private async Task<IReadOnlyList<ShardSample>?> TryCollectAsync(IBlobStore output, IReadOnlyList<RenderTask> done,
        CancellationToken cancellationToken)
    {
        try
        {
            var (samples, lost) = await ShardAssembler.CollectAsync(output, done, cancellationToken);
            if (lost.Count == 0) return samples;
            log.LogWarning("Shard {Shard} of job {Job}: {Lost} stored outputs lost, rendering them again ({First})",
                Index, JobId, lost.Count, lost[0].Reason);
            foreach (var (task, reason) in lost) task.RedoLostOutput(reason, Shard.Spec!.MaxAttempts);
        }
        catch (ShardVerificationException error)
        {
            log.LogWarning("Shard {Shard} of job {Job}: cannot reuse the previous generation ({Reason}); rendering its items",
                Index, JobId, error.Message);
            foreach (var task in done) task.ForgetPrevious();
        }
        await PersistAsync(cancellationToken);
        return null;
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
        return new ShardReport(Index, new ShardCounts(Shard.Tasks.Count, pending, leased, done, failed, reused), Shard.Written, Shard.Version);
    }
}
