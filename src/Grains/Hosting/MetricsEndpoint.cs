using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Fcan.Grains.Hosting;

/// <summary>Exposes Orleans' meter (grain calls, activations, messaging) to Prometheus through OpenTelemetry, on
/// loopback only: a scraper on the same host or pod reads it, nothing else can.</summary>
public static class MetricsEndpoint
{
    public const string OrleansMeter = "Microsoft.Orleans";

    public static void Add(IServiceCollection services, int port) =>
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(OrleansMeter)
            .AddPrometheusHttpListener(listener => (listener.Host, listener.Port) = ("127.0.0.1", port)));
}
