using Fcan.Grains.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Fcan.Grains.Hosting;

/// <summary>Exposes Fcan's meter (images, failures, iteration time, queue depth, GPU memory) and Orleans' meter (grain
/// calls, activations, messaging) to Prometheus through OpenTelemetry, on loopback only: a scraper on the same host
/// or pod reads it, nothing else can.</summary>
public static class MetricsEndpoint
{
    public const string OrleansMeter = "Microsoft.Orleans";

    public static void Add(IServiceCollection services, int port)
    {
        services.AddSingleton<QueueDepthSampler>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider => provider.GetRequiredService<QueueDepthSampler>());
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(OrleansMeter, FcanMetrics.MeterName)
            .AddPrometheusHttpListener(listener => (listener.Host, listener.Port) = ("127.0.0.1", port)));
    }
}
