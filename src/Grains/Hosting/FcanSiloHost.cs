using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Dashboard;

namespace Fcan.Grains.Hosting;

/// <summary>A generic host running one Fcan silo: what src/Silo runs, and what the CLI embeds in its own process
/// (<c>Cluster = null</c>: durable local state under <see cref="FcanSiloOptions.Home"/>). Stopping the host stops the
/// silo gracefully: device workers report what they finished and hand the rest of their leases back. With a
/// <see cref="FcanSiloOptions.DashboardPort"/> or <see cref="FcanSiloOptions.MetricsPort"/> it is a web host (Kestrel)
/// that also serves the Orleans Dashboard and/or the Prometheus endpoint, each on its own port.</summary>
public static class FcanSiloHost
{
    public static IHost Build(FcanSiloOptions options, LogLevel minimumLogLevel = LogLevel.Warning)
    {
        if (options.DashboardPort == 0 && options.MetricsPort == 0 && options.HealthPort == 0)
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            Configure(builder, options, minimumLogLevel);
            return builder.Build();
        }
        // Resolved here, not in Kestrel's callback, so a refused bind fails Build with its one-line reason.
        var endpoints = new List<IPEndPoint>();
        if (options.DashboardPort != 0) endpoints.Add(DashboardEndpoint.Endpoint(options));
        if (options.MetricsPort != 0) endpoints.Add(MetricsEndpoint.Endpoint(options));
        if (options.HealthPort != 0) endpoints.Add(HealthEndpoint.Endpoint(options));
        var web = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        web.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            foreach (var endpoint in endpoints) kestrel.Listen(endpoint);
        });
        web.Services.AddRouting();
        Configure(web, options, minimumLogLevel);
        if (options.HealthPort != 0) HealthEndpoint.Add(web.Services);
        var app = web.Build();
        if (options.HealthPort != 0) HealthEndpoint.Map(app, options.HealthPort);
        if (options.DashboardCredentials is { } credentials)
            app.UseMiddleware<BasicAuthenticationMiddleware>(credentials);
        if (options.MetricsPort != 0) MetricsEndpoint.Map(app, options.MetricsPort);
        if (options.DashboardPort != 0) DashboardEndpoint.Map(app);
        return app;
    }

    private static void Configure(IHostApplicationBuilder builder, FcanSiloOptions options, LogLevel minimumLogLevel)
    {
        if (options.JsonLogs) builder.Logging.AddJsonConsole(console => console.UseUtcTimestamp = true);
        else builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Logging.SetMinimumLevel(minimumLogLevel);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));
        if (options.MetricsPort != 0)
            MetricsEndpoint.Add(builder.Services);
        if (options.OtlpEndpoint is { } collector)
            OtlpExport.Add(builder.Services, collector);
        builder.UseOrleans(silo =>
        {
            silo.UseFcan(options);
            if (options.DashboardPort != 0)
                silo.AddDashboard();
        });
    }
}
