using System.Net;
using Fcan.Grains.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Fcan.Grains.Hosting;

/// <summary>Exposes Fcan's meter (images, failures, iteration time, queue depth, GPU memory) and Orleans' meter (grain
/// calls, activations, messaging) to Prometheus through OpenTelemetry, at /metrics on its own port of the silo's
/// Kestrel: loopback unless credentials guard it, and nothing but /metrics answers on that port.</summary>
public static class MetricsEndpoint
{
    public const string OrleansMeter = "Microsoft.Orleans";

    public const string Path = "/metrics";

    public static void Add(IServiceCollection services)
    {
        services.AddSingleton<QueueDepthSampler>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider => provider.GetRequiredService<QueueDepthSampler>());
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(OrleansMeter, FcanMetrics.MeterName)
            .AddPrometheusExporter());
    }

    /// <summary>Where to listen; throws a one-line ArgumentException for a bad or unguarded public address.</summary>
    public static IPEndPoint Endpoint(FcanSiloOptions options) =>
        new(LoopbackGuard.BindAddress("metrics", options.MetricsBind, options.DashboardCredentials), options.MetricsPort);

    public static void Map(WebApplication app, int port)
    {
        app.UseOpenTelemetryPrometheusScrapingEndpoint(context => OnPort(context, port) && context.Request.Path == Path);
        // The dashboard must not become reachable through the metrics port (which may listen beyond loopback).
        app.Use((context, next) =>
        {
            if (!OnPort(context, port)) return next(context);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
    }

    private static bool OnPort(HttpContext context, int port) => context.Connection.LocalPort == port;
}
