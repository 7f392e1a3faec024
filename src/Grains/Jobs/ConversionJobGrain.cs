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
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Storage;

namespace Fcan.Grains.Jobs;

/// <summary>A conversion job (docs/job-protocol.md): a background pump lists the source page by page into shards,
/// asks the shards for their counts, and publishes the manifest once every shard is written. The shards own their
/// items' state and counts; the job only keeps their latest answers (<see cref="ShardReports"/>) and never mirrors
/// them in its own state. Into an output that already holds a manifest, the job is a refresh: it offers each item's
/// earlier output to its shard for reuse and writes the next manifest generation. Reentrant so that worker queries
/// and progress streams never wait behind the pump; state writes are serialised by <see cref="saveLock"/>.</summary>
[Reentrant]
public sealed class ConversionJobGrain(
    [PersistentState("job", GrainStorageNames.Fcan)] IPersistentState<JobRecord> state,
    IDatasetCatalog catalog,
    BlobStoreCache stores,
    IOptions<JobTimingOptions> timings,
    TimeProvider time,
    ILogger<ConversionJobGrain> log) : Grain, IConversionJobGrain, IRemindable
{
    private const int PageSize = 1000;
    private const string PumpReminder = "job-pump";
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    private readonly ShardReports shards = new();
    private readonly ThroughputMeter meter = new(TimeSpan.FromSeconds(20));
    private readonly SemaphoreSlim saveLock = new(1, 1);
    private readonly CancellationTokenSource deactivating = new();
    private IAsyncEnumerator<string>? sourceKeys;
    private IReadOnlyDictionary<string, PreviousOutput>? previousOutputs;
    private Task? pump;
    private int workTurn;
    private DateTimeOffset nextReload;
    /// <summary>The job's span, held by the activation that started the job (<see cref="FcanTracing"/>).</summary>
    private Activity? span;

    private JobRecord Job => state.State;
    private string JobId => this.GetPrimaryKeyString();
    private JobTimingOptions Timings => timings.Value;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        EnsurePump();
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await deactivating.CancelAsync();
        if (pump is not null) await pump.ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);
        await DropListingAsync();
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
        await ClaimOutputAsync(spec, cancellationToken);
        try
        {
            Job.Plan = await OutputPlan.ForAsync(stores.Open(spec.Output), JobId, spec, cancellationToken);
            Job.Spec = spec;
            Job.State = JobState.Running;
            Job.CreatedAt = time.GetUtcNow();
            span = FcanTracing.Start("fcan.job", parent: null, ("fcan.job.id", JobId), ("fcan.job.source", spec.Source),
                ("fcan.job.output", spec.Output), ("fcan.job.generation", Job.Plan.Generation));
            Job.TraceParent = span?.Id;
            await SaveAsync(cancellationToken);
        }
        catch
        {
            Job.Spec = null;
            await OutputClaim(spec).Release(JobId, cancellationToken);
            throw;
        }
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
            if (shards.MayHaveFailures(shard)) failures.AddRange(await Shard(shard).GetFailures(cancellationToken));
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

    public Task<int?> FindShardWithWork(CancellationToken cancellationToken) =>
        Task.FromResult(Job.State == JobState.Running ? shards.FindWork(++workTurn) : null);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        EnsurePump();
        return Task.CompletedTask;
    }

    /// <summary>One active job per output: a second job would pick the same shard names and generation. A holder
    /// that is no longer active (finished, or never got its spec saved) gives way.</summary>
    private async Task ClaimOutputAsync(JobSpec spec, CancellationToken cancellationToken)
    {
        var claim = OutputClaim(spec);
        var holder = await claim.Claim(JobId, cancellationToken);
        if (holder == JobId) return;
        var other = await GrainFactory.GetGrain<IConversionJobGrain>(holder).GetStatus(cancellationToken);
        if (other.State is JobState.Running or JobState.Paused)
            throw new InvalidOperationException($"output {spec.Output} is being written by job '{holder}' " +
                $"({other.State.ToString().ToLowerInvariant()}): wait for it or cancel it (`fcan job cancel {holder}`)");
        await claim.Release(holder, cancellationToken);
        if (await claim.Claim(JobId, cancellationToken) is var next && next != JobId)
            throw new InvalidOperationException($"output {spec.Output} is being written by job '{next}'");
    }

    private void EnsurePump()
    {
        if (Job.State is JobState.Running or JobState.Paused && pump is null or { IsCompleted: true })
            pump = PumpAsync(deactivating.Token);
    }

    /// <summary>The job's life: list the source into shards, then ask the shards until every one is written, then
    /// publish. A failure outside the data (the source or the state store unreachable) is retried with a growing
    /// delay, from persisted state, and never completes the job.</summary>
    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        // Leave the caller's turn first: the pump runs as its own turns on this activation.
        await Task.CompletedTask.ConfigureAwait(
            ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.ForceYielding);
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested && Job.State is JobState.Running or JobState.Paused)
        {
            try
            {
                if (!Job.SourceListed) await ListNextPageAsync(cancellationToken);
                else await PollShardsAsync(cancellationToken);
                if (Job.SourceListed && Job.State is JobState.Running or JobState.Paused && !await CompleteIfDoneAsync(cancellationToken))
                    await Task.Delay(Timings.PollInterval, time, cancellationToken);
                failures = 0;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Deactivating; the next activation's pump (or the reminder) continues from the persisted state.
            }
            catch (InconsistentStateException error)
            {
                // Storage holds a newer state of this job than this activation (a second activation wrote it): this
                // one can never save again, so it goes, and the next one starts from storage.
                log.LogWarning(error, "Job {Job}: its stored state moved on; reloading it in a new activation", JobId);
                this.DeactivateOnIdle();
                return;
            }
            catch (Exception error)
            {
                var delay = Timings.RetryDelayAfter(++failures);
                log.LogWarning(error, "Job {Job}: {Step} failed, retrying in {Delay}", JobId,
                    Job.SourceListed ? "collecting the shards" : "listing the source", delay);
                // A listing that failed part-way is never trusted to end: the next try lists again after the last
                // key that reached a shard.
                await DropListingAsync();
                await Task.Delay(delay, time, cancellationToken)
                    .ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task DropListingAsync()
    {
        if (sourceKeys is null) return;
        var keys = sourceKeys;
        sourceKeys = null;
        try { await keys.DisposeAsync(); }
        catch (Exception error) { log.LogDebug(error, "Job {Job}: closing a failed listing", JobId); }
    }

    private async Task ListNextPageAsync(CancellationToken cancellationToken)
    {
        var spec = Job.Spec!;
        if (sourceKeys is null)
        {
            sourceKeys = catalog.ListKeysAsync(spec, cancellationToken).GetAsyncEnumerator(cancellationToken);
            // A job saved before LastKey existed recorded only how many keys it had assigned.
            if (Job.LastKey is null)
                for (var skipped = 0; skipped < Job.Listed && await sourceKeys.MoveNextAsync(); skipped++)
                    Job.LastKey = sourceKeys.Current;
        }
        previousOutputs ??= Job.Plan!.ReuseGeneration is { } reuse
            ? await PreviousOutputs.LoadAsync(stores.Open(spec.Output), reuse, JobRecipe.Fingerprint(spec), cancellationToken)
            : new Dictionary<string, PreviousOutput>();
        var limit = spec.Limit ?? int.MaxValue;
        var page = new List<string>();
        var ended = false;
        while (page.Count < PageSize && !(ended = Job.Listed + page.Count >= limit || !await sourceKeys.MoveNextAsync()))
            if (Job.LastKey is null || string.CompareOrdinal(sourceKeys.Current, Job.LastKey) > 0) page.Add(sourceKeys.Current);

        if (ended && Job.Listed + page.Count == 0)
        {
            // A missing, unmounted or emptied source lists nothing: converting "nothing" would publish an empty dataset.
            await FinishAsync(JobState.Failed,
                $"source {spec.Source} holds no {spec.Layout} items (missing, empty or not mounted?); nothing was converted",
                cancellationToken);
            return;
        }
        foreach (var report in await Task.WhenAll(page
                     .Select((key, i) => (Key: key, Position: Job.Listed + i))
                     .GroupBy(item => item.Position / spec.ShardSize)
                     .Select(group => Shard(group.Key).Assign(new ShardAssignment(spec, Job.Plan!.ShardName(group.Key),
                         group.First().Position % spec.ShardSize,
                         group.Select(item => new ShardItem(item.Key, previousOutputs.GetValueOrDefault(item.Key))).ToList(),
                         SealedAfter: false, Job.TraceParent), cancellationToken))))
            shards.Take(report);
        Job.Listed += page.Count;
        if (page.Count > 0) Job.LastKey = page[^1];
        if (ended)
        {
            if (Job.Listed % spec.ShardSize != 0)
                shards.Take(await Shard(Job.ShardCount - 1).Assign(new ShardAssignment(spec, Job.Plan!.ShardName(Job.ShardCount - 1),
                    Job.Listed % spec.ShardSize, [], SealedAfter: true, Job.TraceParent), cancellationToken));
            Job.SourceListed = true;
            previousOutputs = null; // every item got its offer: free the index
            log.LogInformation("Job {Job}: source listed, {Items} items in {Shards} shards", JobId, Job.Listed, Job.ShardCount);
        }
        await SaveAsync(cancellationToken);
        if (ended) await DropListingAsync();
    }

    /// <summary>Asks every shard not yet written for its counts (each also writes its file once complete). Now and
    /// then the shards re-read their state first, which retires an activation left stale by a dead silo.</summary>
    private async Task PollShardsAsync(CancellationToken cancellationToken)
    {
        var reload = time.GetUtcNow() >= nextReload;
        if (reload) nextReload = time.GetUtcNow() + Timings.ReloadInterval;
        var reports = await Task.WhenAll(Enumerable.Range(0, Job.ShardCount).Where(shard => !shards.IsWritten(shard))
            .Select(shard => Shard(shard).Reconcile(reload, cancellationToken)));
        foreach (var report in reports) shards.Take(report);
        var (_, done, failed, _) = shards.Sum();
        meter.Record(time.GetUtcNow(), done + failed);
    }

    private async Task<bool> CompleteIfDoneAsync(CancellationToken cancellationToken)
    {
        if (shards.AllWritten(Job.ShardCount) is not { } written) return false;
        var spec = Job.Spec!;
        var output = stores.Open(spec.Output);
        // Every shard answered "written", which is final: these are the counts the job ends with.
        var indexed = await Task.WhenAll(written.Where(w => w.Members > 0)
            .Select(async shard => new IndexedShard(
                new ShardRecord(shard.Name, shard.Members, shard.Bytes, shard.Sha256),
                (await Shard(shard.Index).GetWrittenItems(cancellationToken))
                    .Select(item => new IndexedSample(item.Key, item.SourceSha256)).ToList())));
        var index = new GenerationIndex(Job.Plan!.Generation, JobId, JobRecipe.Fingerprint(spec), indexed);
        var current = Job.Plan.CurrentGeneration is > 0 and var number
            ? await OutputGenerations.ReadIndexAsync(output, number, cancellationToken)
            : null;
        if (ShrinkGuard.Problem(current, indexed.SelectMany(shard => shard.Samples).Select(sample => sample.Key), spec.AllowShrink) is { } shrink)
        {
            await FinishAsync(JobState.Failed, shrink, cancellationToken);
            return true;
        }
        try
        {
            Job.ManifestName = (await OutputGenerations.PublishAsync(output, index, Job.Plan.ManifestETag, cancellationToken)).Name;
        }
        catch (ShardVerificationException error)
        {
            // Another job published this generation, the manifest changed since the job planned from it, or a listed
            // shard vanished: retrying cannot help.
            await FinishAsync(JobState.Failed, error.Message, cancellationToken);
            return true;
        }
        await FinishAsync(JobState.Completed, null, cancellationToken);
        return true;
    }

    private async Task<JobStatus> ChangeStateAsync(JobState from, JobState to, CancellationToken cancellationToken)
    {
        if (Job.State != from) return Status();
        Job.State = to;
        await SaveAsync(cancellationToken);
        await Task.WhenAll(Enumerable.Range(0, Job.ShardCount).Where(shard => !shards.IsWritten(shard))
            .Select(shard => Shard(shard).SetAcceptingWork(to == JobState.Running, cancellationToken)));
        await GrainFactory.GetGrain<IJobCatalogGrain>(0).SetJob(JobId, to == JobState.Running, cancellationToken);
        log.LogInformation("Job {Job}: {State}", JobId, to);
        return Status();
    }

    private async Task FinishAsync(JobState final, string? error, CancellationToken cancellationToken)
    {
        Job.FinalProgress = Progress();
        Job.FinalShardsWritten = shards.WrittenCount;
        Job.State = final;
        Job.Error = error;
        Job.FinishedAt = time.GetUtcNow();
        await SaveAsync(cancellationToken);
        // A cancelled job's shards stop for good before the output is given up, so no late report can make one of
        // them write a file under a name the next job into this output would use.
        if (final == JobState.Cancelled)
            await Task.WhenAll(Enumerable.Range(0, Job.ShardCount).Select(shard => Shard(shard).Cancel(cancellationToken)));
        await OutputClaim(Job.Spec!).Release(JobId, cancellationToken);
        await GrainFactory.GetGrain<IJobCatalogGrain>(0).SetJob(JobId, active: false, cancellationToken);
        if (await this.GetReminder(PumpReminder) is { } reminder) await this.UnregisterReminder(reminder);
        span?.SetTag("fcan.job.state", final.ToString()).SetStatus(final == JobState.Failed ? ActivityStatusCode.Error : ActivityStatusCode.Ok, error).Stop();
        log.LogInformation("Job {Job}: {State}{Error}", JobId, final, error is null ? "" : $" ({error})");
    }

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        await saveLock.WaitAsync(cancellationToken);
        try { await state.WriteStateAsync(cancellationToken); }
        finally { saveLock.Release(); }
    }

    private JobStatus Status() => Job.Spec is null
        ? JobStatus.Unknown(JobId)
        : new JobStatus(JobId, Job.Spec, Job.State, Job.FinalProgress ?? Progress(), Job.FinalShardsWritten ?? shards.WrittenCount,
            Job.ManifestName, Job.CreatedAt, Job.FinishedAt, Job.Error, Job.Plan?.Generation ?? 0);

    private JobProgress Progress()
    {
        var (leased, done, failed, reused) = shards.Sum();
        var pending = Job.Listed - leased - done - failed;
        var rate = meter.PerSecond;
        TimeSpan? eta = rate > 0 && Job.SourceListed ? TimeSpan.FromSeconds((pending + leased) / rate) : null;
        return new JobProgress(Job.Listed, pending, leased, done, failed, Job.SourceListed, rate, eta, reused);
    }

    private IJobShardGrain Shard(int shard) => GrainFactory.GetGrain<IJobShardGrain>(ShardKey.For(JobId, shard));

    private IOutputClaimGrain OutputClaim(JobSpec spec) => GrainFactory.GetGrain<IOutputClaimGrain>(stores.Open(spec.Output).Location);
}
