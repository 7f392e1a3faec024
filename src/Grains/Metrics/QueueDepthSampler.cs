using System.Diagnostics.Metrics;
using Fcan.Grains.Contracts;
using Microsoft.Extensions.Logging;

namespace Fcan.Grains.Metrics;

/// <summary>Samples the cluster's queue (pending and leased items of active jobs) every few seconds while the silo is
/// active, for the <c>fcan.queue.depth</c> gauge. A gauge callback must not block on grain calls, so it reads the
/// latest sample instead; every silo reports the same cluster-wide figure (chart it with max()).</summary>
public sealed class QueueDepthSampler(IGrainFactory grains, IMeterFactory meters, TimeProvider time,
    ILogger<QueueDepthSampler> log) : ILifecycleParticipant<ISiloLifecycle>
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource stopping = new();
    private Task sampling = Task.CompletedTask;
    private volatile QueueSample? latest;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(QueueDepthSampler), ServiceLifecycleStage.Active, Start, Stop);

    private Task Start(CancellationToken cancellationToken)
    {
        meters.Create(FcanMetrics.MeterName).CreateObservableGauge("fcan.queue.depth", Observe, "{item}",
            "Items of active jobs waiting for a device (state=pending) or being rendered (state=leased), cluster-wide");
        sampling = Task.Run(() => SampleAsync(stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task Stop(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        await sampling.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private IEnumerable<Measurement<long>> Observe()
    {
        if (latest is not { } sample) yield break;
        yield return new Measurement<long>(sample.Pending, new KeyValuePair<string, object?>("state", "pending"));
        yield return new Measurement<long>(sample.Leased, new KeyValuePair<string, object?>("state", "leased"));
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                latest = await SampleOnceAsync(cancellationToken);
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                // The gauge keeps its last sample; the next period tries again.
                log.LogDebug(error, "Sampling the queue depth failed");
            }
            await Task.Delay(Period, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task<QueueSample> SampleOnceAsync(CancellationToken cancellationToken)
    {
        var jobs = await grains.GetGrain<IJobCatalogGrain>(0).ActiveJobs(cancellationToken);
        long pending = 0, leased = 0;
        foreach (var jobId in jobs)
        {
            var progress = (await grains.GetGrain<IConversionJobGrain>(jobId).GetStatus(cancellationToken)).Progress;
            pending += progress.Pending;
            leased += progress.Leased;
        }
        return new QueueSample(pending, leased);
    }

    private sealed record QueueSample(long Pending, long Leased);
}
