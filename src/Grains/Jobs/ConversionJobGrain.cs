using System.Diagnostics;
using System.Runtime.CompilerServices;
using Fcan.Data.Shards;
using Fcan.Grains.Contracts;
using Fcan.Grains.Metrics;
using Fcan.Grains.Persistence;
using Fcan.Grains.Shards;
using Fcan.Grains.Sources;
using Fcan.Grains.Storage;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Fcan.Grains.Jobs;

/// <summary>A conversion job: a background pump lists the source page by page into shards, collects what the shards
/// report, and writes the manifest once every shard is written. Into an output that already holds a manifest, the job
/// is a refresh: it offers each item's earlier output to its shard for reuse and writes the next manifest generation. Reentrant so that shard reports, worker queries and
/// progress streams never wait behind the pump; state writes are serialised by <see cref="saveLock"/>.</summary>
[Reentrant]
public sealed class ConversionJobGrain(
    [PersistentState("job", GrainStorageNames.Fcan)] IPersistentState<JobRecord> state,
    IDatasetCatalog catalog,
    BlobStoreCache stores,
    TimeProvider time,
    ILogger<ConversionJobGrain> log) : Grain, IConversionJobGrain, IRemindable
{
    private const int PageSize = 1000;
    private const string PumpReminder = "job-pump";
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan ReconcileInterval = TimeSpan.FromSeconds(30);

    private readonly Dictionary<int, ShardCounts> shardCounts = [];
    private readonly Dictionary<int, WrittenShard> writtenNotSaved = [];
    private readonly ThroughputMeter meter = new(TimeSpan.FromSeconds(20));
    private readonly SemaphoreSlim saveLock = new(1, 1);
    private readonly CancellationTokenSource deactivating = new();
    private TaskCompletionSource wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IAsyncEnumerator<string>? sourceKeys;
    private IReadOnlyDictionary<string, PreviousOutput>? previousOutputs;
    private Task? pump;
    private int shardCursor;
    private DateTimeOffset nextReconcile;
    /// <summary>The job's span, held by the activation that started the job (<see cref="FcanTracing"/>).</summary>
    private Activity? span;

    private JobRecord Job => state.State;
    private string JobId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        EnsurePump();
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await deactivating.CancelAsync();
        if (pump is not null) await pump.ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);
        if (sourceKeys is not null) await sourceKeys.DisposeAsync();
    }

    public async Task<JobStatus> Start(JobSpec spec, CancellationToken cancellationToken)
    {
        if (Job.Spec is not null)
        {
            if (Job.Spec != spec) throw new InvalidOperationException($"job '{JobId}' already exists with another spec");
            return Status();
        }
        if (spec.ShardSize < 1 || spec.MaxAttempts < 1)
            throw new ArgumentException($"job '{JobId}': shard size and attempts must be at least 1");
        Job.Plan = await OutputPlan.ForAsync(stores.Open(spec.Output), JobId, spec, cancellationToken);
        Job.Spec = spec;
        Job.State = JobState.Running;
        Job.CreatedAt = time.GetUtcNow();
        span = FcanTracing.Start("fcan.job", parent: null, ("fcan.job.id", JobId), ("fcan.job.source", spec.Source),
            ("fcan.job.output", spec.Output), ("fcan.job.generation", Job.Plan.Generation));
        Job.TraceParent = span?.Id;
        await SaveAsync(cancellationToken);
        await this.RegisterOrUpdateReminder(PumpReminder, ReminderPeriod, ReminderPeriod);
        await GrainFactory.GetGrain<IJobCatalogGrain>(0).SetJob(JobId, active: true, cancellationToken);
        log.LogInformation("Job {Job} started: {Source} -> {Output} (generation {Generation}, reusing generation {Reused})",
            JobId, spec.Source, spec.Output, Job.Plan.Generation, Job.Plan.ReuseGeneration);
        EnsurePump();
        return Status();
    }

    public Task<JobStatus> GetStatus(CancellationToken cancellationToken) => Task.FromResult(Status());

    public Task<JobStatus> Pause(CancellationToken cancellationToken) =>
        ChangeStateAsync(JobState.Running, JobState.Paused, cancellationToken);

    public Task<JobStatus> Resume(CancellationToken cancellationToken) =>
        ChangeStateAsync(JobState.Paused, JobState.Running, cancellationToken);

    public async Task<JobStatus> Cancel(CancellationToken cancellationToken)
    {
        if (Job.State is JobState.Running or JobState.Paused) await FinishAsync(JobState.Cancelled, null, cancellationToken);
        return Status();
    }

    public async Task<IReadOnlyList<ItemFailure>> GetFailures(int skip, int take, CancellationToken cancellationToken)
    {
        var failures = new List<ItemFailure>();
        for (var shard = 0; shard < Job.ShardCount && failures.Count < skip + take; shard++)
        {
            if (shardCounts.TryGetValue(shard, out var counts) && counts.Failed == 0) continue;
            failures.AddRange(await Shard(shard).GetFailures(cancellationToken));
        }
        return failures.Skip(skip).Take(take).ToList();
    }

    public async IAsyncEnumerable<JobStatus> WatchProgress(TimeSpan interval,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            var status = Status();
            yield return status;
            if (status.IsFinal || status.State == JobState.Unknown) yield break;
            await Task.Delay(interval, time, cancellationToken);
        }
    }

    public Task<int?> FindShardWithWork(CancellationToken cancellationToken)
    {
        if (Job.State != JobState.Running || shardCounts.Count == 0) return Task.FromResult<int?>(null);
        var shards = shardCounts.Where(s => s.Value.HasWork).Select(s => s.Key).Order().ToList();
        if (shards.Count == 0) return Task.FromResult<int?>(null);
        // Rotate through shards so that workers spread over them rather than all contending for the first one.
        shardCursor = (shardCursor + 1) % shards.Count;
        var pending = shards.Skip(shardCursor).Concat(shards.Take(shardCursor))
            .FirstOrDefault(s => shardCounts[s].Pending > 0, -1);
        return Task.FromResult<int?>(pending >= 0 ? pending : shards[shardCursor]);
    }

    public Task ReportShard(ShardReport report, CancellationToken cancellationToken)
    {
        shardCounts[report.Shard] = report.Counts;
        if (report.Written is { } written && !Job.Written.ContainsKey(report.Shard))
        {
            writtenNotSaved[report.Shard] = written;
            wake.TrySetResult();
        }
        meter.Record(time.GetUtcNow(), shardCounts.Values.Sum(c => (long)c.Done + c.Failed));
        return Task.CompletedTask;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        EnsurePump();
        return Task.CompletedTask;
    }

    private void EnsurePump()
    {
        if (Job.State is JobState.Running or JobState.Paused && pump is null or { IsCompleted: true })
            pump = PumpAsync(deactivating.Token);
    }

    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        // Leave the caller's turn first: the pump runs as its own turns on this activation.
        await Task.CompletedTask.ConfigureAwait(
            ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.ForceYielding);
        try
        {
            await RecoverShardCountsAsync(cancellationToken);
            nextReconcile = time.GetUtcNow() + ReconcileInterval;
            while (!cancellationToken.IsCancellationRequested && Job.State is JobState.Running or JobState.Paused)
            {
                if (!Job.SourceListed) await ListNextPageAsync(cancellationToken);
                else if (!await CompleteIfDoneAsync(cancellationToken))
                {
                    await ReconcileUnwrittenShardsAsync(cancellationToken);
                    await WaitForNewsAsync(cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Deactivating; the next activation's pump (or the reminder) continues from the persisted state.
        }
        catch (Exception error)
        {
            // Storage trouble: the reminder restarts the pump a minute from now, from persisted state.
            log.LogWarning(error, "Job {Job}: pump stopped, retrying on the next reminder tick", JobId);
        }
    }

    /// <summary>After a restart the shards' counts are unknown here: ask each shard (which also finishes any shard
    /// whose file was not written before the crash).</summary>
    private Task RecoverShardCountsAsync(CancellationToken cancellationToken) =>
        ReconcileAsync(Enumerable.Range(0, Job.ShardCount).Where(shard => !shardCounts.ContainsKey(shard)), cancellationToken);

    /// <summary>Shards report as their items change, but a report lost with a failed call leaves this view stale: a
    /// shard counted as holding leased items may in fact be finished and waiting for a write, so workers would keep
    /// being sent to it. Now and then each unwritten shard is asked directly, which also writes any finished one.</summary>
    private async Task ReconcileUnwrittenShardsAsync(CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() < nextReconcile) return;
        nextReconcile = time.GetUtcNow() + ReconcileInterval;
        await ReconcileAsync(Enumerable.Range(0, Job.ShardCount)
            .Where(shard => !Job.Written.ContainsKey(shard) && !writtenNotSaved.ContainsKey(shard)), cancellationToken);
    }

    /// <summary>Asks the shards for their counts (each also writes its file if it is complete) and takes them in.</summary>
    private async Task ReconcileAsync(IEnumerable<int> shards, CancellationToken cancellationToken)
    {
        var reports = await Task.WhenAll(shards.Select(shard => Shard(shard).Reconcile(cancellationToken)));
        foreach (var report in reports) await ReportShard(report, cancellationToken);
    }

    private async Task ListNextPageAsync(CancellationToken cancellationToken)
    {
        var spec = Job.Spec!;
        if (sourceKeys is null)
        {
            sourceKeys = catalog.ListKeysAsync(spec, cancellationToken).GetAsyncEnumerator(cancellationToken);
            for (var skipped = 0; skipped < Job.Listed; skipped++) await sourceKeys.MoveNextAsync();
        }
        previousOutputs ??= Job.Plan!.ReuseGeneration is { } reuse
            ? await PreviousOutputs.LoadAsync(stores.Open(spec.Output), reuse, JobRecipe.Fingerprint(spec), cancellationToken)
            : new Dictionary<string, PreviousOutput>();
        var limit = spec.Limit ?? int.MaxValue;
        var page = new List<string>();
        var ended = false;
        while (page.Count < PageSize && !(ended = Job.Listed + page.Count >= limit || !await sourceKeys.MoveNextAsync()))
            page.Add(sourceKeys.Current);

        await Task.WhenAll(page
            .Select((key, i) => (Key: key, Position: Job.Listed + i))
            .GroupBy(item => item.Position / spec.ShardSize)
            .Select(group => Shard(group.Key).Assign(new ShardAssignment(spec, Job.Plan!.ShardName(group.Key),
                group.First().Position % spec.ShardSize,
                group.Select(item => new ShardItem(item.Key, previousOutputs.GetValueOrDefault(item.Key))).ToList(),
                SealedAfter: false, Job.TraceParent), cancellationToken)));
        Job.Listed += page.Count;
        if (ended)
        {
            Job.SourceListed = true;
            if (Job.Listed % spec.ShardSize != 0)
                await Shard(Job.ShardCount - 1).Assign(new ShardAssignment(spec, Job.Plan!.ShardName(Job.ShardCount - 1),
                    Job.Listed % spec.ShardSize, [], SealedAfter: true, Job.TraceParent), cancellationToken);
            previousOutputs = null; // every item got its offer: free the index
            log.LogInformation("Job {Job}: source listed, {Items} items in {Shards} shards", JobId, Job.Listed, Job.ShardCount);
        }
        await SaveAsync(cancellationToken);
    }

    private async Task<bool> CompleteIfDoneAsync(CancellationToken cancellationToken)
    {
        if (writtenNotSaved.Count > 0)
        {
            foreach (var (shard, written) in writtenNotSaved) Job.Written[shard] = written;
            writtenNotSaved.Clear();
            await SaveAsync(cancellationToken);
        }
        if (Job.Written.Count < Job.ShardCount) return false;
        // Counts reported across a restart of this grain or of a shard can be stale; every shard is final now, so
        // the final progress is taken from the shards themselves.
        foreach (var report in await Task.WhenAll(Enumerable.Range(0, Job.ShardCount)
                     .Select(shard => Shard(shard).Reconcile(cancellationToken))))
            shardCounts[report.Shard] = report.Counts;

        var shards = await Task.WhenAll(Job.Written.OrderBy(w => w.Key).Select(w => w.Value).Where(w => w.Members > 0)
            .Select(async written => new IndexedShard(
                new ShardRecord(written.Name, written.Members, written.Bytes, written.Sha256),
                (await Shard(written.Index).GetWrittenItems(cancellationToken))
                    .Select(item => new IndexedSample(item.Key, item.SourceSha256)).ToList())));
        var index = new GenerationIndex(Job.Plan!.Generation, JobId, JobRecipe.Fingerprint(Job.Spec!), shards);
        try
        {
            Job.ManifestName = (await OutputGenerations.PublishAsync(stores.Open(Job.Spec!.Output), index, cancellationToken)).Name;
        }
        catch (ShardVerificationException error)
        {
            // Another job published this generation, or a listed shard vanished: retrying cannot help.
            await FinishAsync(JobState.Failed, error.Message, cancellationToken);
            return true;
        }
        await FinishAsync(JobState.Completed, null, cancellationToken);
        return true;
    }

    private async Task WaitForNewsAsync(CancellationToken cancellationToken)
    {
        await wake.Task.WaitAsync(TimeSpan.FromSeconds(2), time, cancellationToken)
            .ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);
        cancellationToken.ThrowIfCancellationRequested();
        wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private async Task<JobStatus> ChangeStateAsync(JobState from, JobState to, CancellationToken cancellationToken)
    {
        if (Job.State != from) return Status();
        Job.State = to;
        await SaveAsync(cancellationToken);
        await SetShardsAcceptingWorkAsync(to == JobState.Running, cancellationToken);
        await GrainFactory.GetGrain<IJobCatalogGrain>(0).SetJob(JobId, to == JobState.Running, cancellationToken);
        log.LogInformation("Job {Job}: {State}", JobId, to);
        return Status();
    }

    private async Task FinishAsync(JobState final, string? error, CancellationToken cancellationToken)
    {
        Job.FinalProgress = Progress();
        Job.State = final;
        Job.Error = error;
        Job.FinishedAt = time.GetUtcNow();
        await SaveAsync(cancellationToken);
        if (final == JobState.Cancelled) await SetShardsAcceptingWorkAsync(false, cancellationToken);
        await GrainFactory.GetGrain<IJobCatalogGrain>(0).SetJob(JobId, active: false, cancellationToken);
        if (await this.GetReminder(PumpReminder) is { } reminder) await this.UnregisterReminder(reminder);
        wake.TrySetResult();
        span?.SetTag("fcan.job.state", final.ToString()).SetStatus(final == JobState.Failed ? ActivityStatusCode.Error : ActivityStatusCode.Ok, error).Stop();
        log.LogInformation("Job {Job}: {State}", JobId, final);
    }

    private Task SetShardsAcceptingWorkAsync(bool accepting, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, Job.ShardCount)
            .Where(shard => !Job.Written.ContainsKey(shard))
            .Select(shard => Shard(shard).SetAcceptingWork(accepting, cancellationToken)));

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        await saveLock.WaitAsync(cancellationToken);
        try { await state.WriteStateAsync(cancellationToken); }
        finally { saveLock.Release(); }
    }

    private JobStatus Status() => Job.Spec is null
        ? JobStatus.Unknown(JobId)
        : new JobStatus(JobId, Job.Spec, Job.State, Job.FinalProgress ?? Progress(), Job.Written.Count,
            Job.ManifestName, Job.CreatedAt, Job.FinishedAt, Job.Error, Job.Plan?.Generation ?? 0);

    private JobProgress Progress()
    {
        long leased = 0, done = 0, failed = 0, reused = 0;
        foreach (var counts in shardCounts.Values)
        {
            leased += counts.Leased;
            done += counts.Done;
            failed += counts.Failed;
            reused += counts.Reused;
        }
        var pending = Job.Listed - leased - done - failed;
        var rate = meter.PerSecond;
        TimeSpan? eta = rate > 0 && Job.SourceListed ? TimeSpan.FromSeconds((pending + leased) / rate) : null;
        return new JobProgress(Job.Listed, pending, leased, done, failed, Job.SourceListed, rate, eta, reused);
    }

    private IJobShardGrain Shard(int shard) => GrainFactory.GetGrain<IJobShardGrain>(ShardKey.For(JobId, shard));
}
