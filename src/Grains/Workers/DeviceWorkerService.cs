using Fcan.Grains.Contracts;
using Fcan.Grains.Metrics;
using Fcan.Grains.Rendering;
using Fcan.Grains.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fcan.Grains.Workers;

/// <summary>Runs this silo's device workers (one per configured device) while the silo is active. They start once
/// the silo can take calls and stop first on shutdown, so their last reports and hand-backs still reach the grains.</summary>
public sealed class DeviceWorkerService(
    ILocalSiloDetails siloDetails,
    IGrainFactory grains,
    IItemRenderer renderer,
    BlobStoreCache stores,
    IOptions<DeviceWorkerOptions> options,
    TimeProvider time,
    FcanMetrics metrics,
    ILoggerFactory loggers) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource stopping = new();
    private readonly List<DeviceWorker> workers = [];
    private readonly List<Task> running = [];

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(DeviceWorkerService), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken cancellationToken)
    {
        var silo = siloDetails.SiloAddress.ToString();
        var log = loggers.CreateLogger<DeviceWorker>();
        foreach (var device in options.Value.Devices)
        {
            var worker = new DeviceWorker(device, $"{silo}/{device}", silo, grains, renderer, stores, options.Value, time, metrics, log);
            workers.Add(worker);
            running.Add(Task.Run(() => worker.RunAsync(stopping.Token), CancellationToken.None));
        }
        running.Add(Task.Run(() => ReportStatusAsync(stopping.Token), CancellationToken.None));
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        await Task.WhenAll(running).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var worker in workers) worker.Dispose();
    }

    private async Task ReportStatusAsync(CancellationToken cancellationToken)
    {
        var cluster = grains.GetGrain<IClusterStatusGrain>(0);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                foreach (var worker in workers) await cluster.ReportDevice(worker.Status(), cancellationToken);
                await Task.Delay(options.Value.StatusPeriod, time, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception)
            {
                // Status is advisory; the next period reports again.
                await Task.Delay(options.Value.StatusPeriod, time, cancellationToken)
                    .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
