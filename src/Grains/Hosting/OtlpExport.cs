using Fcan.Grains.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Fcan.Grains.Hosting;

/// <summary>Sends Fcan's spans (job, shard, render) with Orleans' grain-call spans, and Fcan's and Orleans' meters, to
/// an OpenTelemetry collector over OTLP (gRPC).</summary>
public static class OtlpExport
{
    /// <summary>Orleans' activity sources: grain calls made by the runtime and by application code.</summary>
    private static readonly string[] OrleansSources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    public static void Add(IServiceCollection services, Uri collector) =>
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("fcan-silo"))
            .WithTracing(tracing => tracing
                .AddSource([FcanTracing.SourceName, .. OrleansSources])
                .AddOtlpExporter(otlp => otlp.Endpoint = collector))
            .WithMetrics(metrics => metrics
                .AddMeter(MetricsEndpoint.OrleansMeter, FcanMetrics.MeterName)
                .AddOtlpExporter(otlp => otlp.Endpoint = collector));
}
