using System.Diagnostics;
using Fcan.Grains.Contracts;
using Fcan.Grains.Jobs;
using Fcan.Grains.Metrics;
using Fcan.Grains.Rendering;
using Fcan.Grains.Shards;
using Fcan.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace Fcan.Grains.Workers;

/// <summary>Renders for one device of this silo: pulls a batch of leases from a running job's shard, renders them on
/// its own thread while renewing the leases, stores each output create-only, reports the batch. Pulling gives natural
/// load balancing across unequal devices; on shutdown unrendered leases are handed back.</summary>
public sealed class DeviceWorker(
    string device,
    string workerId,
    string silo,
    IGrainFactory grains,
    IItemRenderer renderer,
    BlobStoreCache stores,
    DeviceWorkerOptions options,
    TimeProvider time,
    FcanMetrics metrics,
    ILogger log) : IDisposable
{
    private static readonly TimeSpan HandBackTimeout = TimeSpan.FromSeconds(10);

    // A GPU render takes seconds, a CPU render minutes: the rate needs a window of several renders.
    private readonly ThroughputMeter throughput = new(TimeSpan.FromMinutes(10));

    private readonly RenderThread thread = new($"fcan-render-{device}");
    private readonly Dictionary<string, JobSpec> specs = [];
    private IRenderSession? session;
    private string? sessionJob;
    private long rendered;
    private long failed;
    private volatile string? currentJob;
    private volatile bool stopping;
    private int jobCursor;
    private IJobShardGrain? lastShard;

    /// <summary>What the worker is doing; each call also samples its rendering rate (one caller, the status loop).</summary>
    public DeviceStatus Status()
    {
        var now = time.GetUtcNow();
        var done = Interlocked.Read(ref rendered);
        throughput.Record(now, done);
        return new DeviceStatus(workerId, device, silo,
            stopping ? DeviceActivity.Stopping : currentJob is null ? DeviceActivity.Idle : DeviceActivity.Rendering,
            currentJob, done, Interlocked.Read(ref failed), now, Math.Round(throughput.PerSecond * 3600, 1));
    }

    /// <summary>Pulls and renders until <paramref name="stoppingToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        await using var _ = stoppingToken.Register(() => stopping = true);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await TryRenderBatchAsync(stoppingToken)) await Task.Delay(options.IdleDelay, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception error)
            {
                log.LogWarning(error, "Worker {Worker}: pulling work failed, trying again", workerId);
                await Task.Delay(options.IdleDelay, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        await thread.RunAsync(CloseSession);
    }

    public void Dispose() => thread.Dispose();

    private async Task<bool> TryRenderBatchAsync(CancellationToken stoppingToken)
    {
        // Stay on the last shard while it has work: one call per batch instead of three.
        if (lastShard is not null)
        {
            var more = await lastShard.Lease(workerId, options.BatchSize, options.LeaseDuration, stoppingToken);
            if (more.Count > 0)
            {
                await RenderBatchAsync(specs[more[0].JobId], lastShard, more, stoppingToken);
                return true;
            }
            lastShard = null;
        }
        var jobs = await grains.GetGrain<IJobCatalogGrain>(0).ActiveJobs(stoppingToken);
        for (var i = 0; i < jobs.Count; i++)
        {
            var jobId = jobs[(jobCursor + i) % jobs.Count];
            var job = grains.GetGrain<IConversionJobGrain>(jobId);
            if (await job.FindShardWithWork(stoppingToken) is not { } shardIndex) continue;
            var shard = grains.GetGrain<IJobShardGrain>(ShardKey.For(jobId, shardIndex));
            var leases = await shard.Lease(workerId, options.BatchSize, options.LeaseDuration, stoppingToken);
            if (leases.Count == 0) continue;
            jobCursor = (jobCursor + i + 1) % jobs.Count;
            lastShard = shard;
            await RenderBatchAsync(await SpecAsync(job, jobId, stoppingToken), shard, leases, stoppingToken);
            return true;
        }
        currentJob = null;
        return false;
    }

    private async Task RenderBatchAsync(JobSpec spec, IJobShardGrain shard, IReadOnlyList<RenderLease> leases,
        CancellationToken stoppingToken)
    {
        currentJob = leases[0].JobId;
        using var renewing = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewal = RenewWhileWorkingAsync(shard, leases, renewing.Token);
        // Renders queue on the device thread in lease order; each output is stored while the next item renders.
        // Items a refresh may find unchanged are not rendered ahead: their hash decides first.
        var results = await Task.WhenAll(leases.Select((lease, i) =>
            RenderOneAsync(spec, lease, i + 1 < leases.Count ? leases[i + 1].ItemKey : null,
                leases.Skip(i + 1).Where(later => later.PreviousSourceSha256 is null).Select(later => later.ItemKey).ToList(),
                stoppingToken)));
        var outcomes = results.OfType<RenderOutcome>().ToList();
        var unrendered = leases.Where((_, i) => results[i] is null).Select(lease => lease.LeaseId).ToList();
        await renewing.CancelAsync();
        await renewal;

        // Reports and hand-backs still go out while the silo stops: that is what makes a shutdown graceful.
        using var handBack = new CancellationTokenSource(HandBackTimeout);
        if (outcomes.Count > 0) await shard.Report(outcomes, handBack.Token);
        if (unrendered.Count > 0) await shard.Release(unrendered, handBack.Token);
    }

    /// <summary>Renders and stores one item, or reuses it when a refresh finds its source unchanged; null when
    /// stopping interrupted it (the lease goes back unused).</summary>
    /// <param name="nextItemKey">The item rendered after this one, loaded while this one renders.</param>
    /// <param name="renderNext">The later items of the batch that will be rendered (<see cref="IRenderSession.RenderNext"/>).</param>
    private async Task<RenderOutcome?> RenderOneAsync(JobSpec spec, RenderLease lease, string? nextItemKey,
        IReadOnlyList<string> renderNext, CancellationToken stoppingToken)
    {
        using var span = FcanTracing.Start("fcan.render", lease.TraceParent, ("fcan.job.id", lease.JobId),
            ("fcan.item.key", lease.ItemKey), ("fcan.device", device), ("fcan.render.attempt", lease.Attempt));
        var output = stores.Open(spec.Output);
        var name = ItemOutputArchive.NameFor(lease.JobId, lease.ItemKey);
        try
        {
            var (sourceSha256, members, renderTime) = await thread.RunAsync<(string, IReadOnlyList<RenderedMember>?, TimeSpan)>(() =>
            {
                stoppingToken.ThrowIfCancellationRequested();
                var session = SessionFor(spec, lease.JobId);
                // Hashing takes this item from the prefetch; only then may the prefetch move on to the next one.
                var source = session.SourceSha256(lease.ItemKey, stoppingToken);
                if (nextItemKey is not null) session.Prefetch(nextItemKey, stoppingToken);
                if (source == lease.PreviousSourceSha256) return (source, null, TimeSpan.Zero);
                // A session that renders ahead spends the batch's time on its first item and almost none on the rest.
                var started = Stopwatch.GetTimestamp();
                session.RenderNext(renderNext);
                var adapted = session.Render(lease.ItemKey, stoppingToken);
                return (source, adapted, Stopwatch.GetElapsedTime(started));
            });
            span?.SetTag("fcan.render.reused", members is null);
            if (members is null) return RenderOutcome.Unchanged(lease, sourceSha256);
            var sha256 = await ItemOutputArchive.StoreAsync(output, name, lease.ItemKey, members, stoppingToken);
            Interlocked.Increment(ref rendered);
            metrics.ItemRendered(device, renderTime, spec.Settings.Iterations);
            return RenderOutcome.Done(lease, name, sha256, sourceSha256);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return null;
        }
        catch (RenderFailedException error)
        {
            Interlocked.Increment(ref failed);
            span?.SetStatus(ActivityStatusCode.Error, error.Message);
            metrics.ItemFailed(device, error.Retryable ? RenderFailureKind.Render : RenderFailureKind.BadItem);
            return RenderOutcome.Failure(lease, error.Message, error.Retryable);
        }
        catch (Exception error)
        {
            // Storage or device trouble, nothing to do with the item: tried again after a backoff, using no attempt.
            Interlocked.Increment(ref failed);
            span?.SetStatus(ActivityStatusCode.Error, error.Message);
            metrics.ItemFailed(device, RenderFailureKind.Infrastructure);
            log.LogWarning(error, "Worker {Worker}: item {Item} of job {Job} failed", workerId, lease.ItemKey, lease.JobId);
            return RenderOutcome.OutageOf(lease, $"item '{lease.ItemKey}': {error.Message}");
        }
    }

    private Task RenewWhileWorkingAsync(IJobShardGrain shard, IReadOnlyList<RenderLease> leases,
        CancellationToken cancellationToken)
    {
        var ids = leases.Select(l => l.LeaseId).ToList();
        return LeaseRenewal.RunAsync(ct => shard.Renew(ids, options.LeaseDuration, ct), options.LeaseDuration / 3, time,
            // The leases may expire and be rendered elsewhere; outputs are create-only, so that costs time, not data.
            error => log.LogWarning(error, "Worker {Worker}: renewing leases failed; trying again", workerId),
            cancellationToken);
    }

    private async Task<JobSpec> SpecAsync(IConversionJobGrain job, string jobId, CancellationToken cancellationToken)
    {
        if (!specs.TryGetValue(jobId, out var spec))
            specs[jobId] = spec = (await job.GetStatus(cancellationToken)).Spec
                ?? throw new InvalidOperationException($"job '{jobId}' has no spec");
        return spec;
    }

    /// <summary>Runs on the render thread only: one open session, for the job rendered last.</summary>
    private IRenderSession SessionFor(JobSpec spec, string jobId)
    {
        if (sessionJob == jobId && session is not null) return session;
        CloseSession();
        session = renderer.Open(spec, device, CancellationToken.None);
        sessionJob = jobId;
        return session;
    }

    private void CloseSession()
    {
        session?.Dispose();
        session = null;
        sessionJob = null;
    }
}
