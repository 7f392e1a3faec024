using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Dashboard;

namespace Fcan.Grains.Hosting;

/// <summary>A generic host running one Fcan silo: what src/Silo runs, and what the CLI embeds in its own process
/// (<c>Cluster = null</c>: durable local state under <see cref="FcanSiloOptions.Home"/>). Stopping the host stops the
/// silo gracefully: device workers report what they finished and hand the rest of their leases back. With a
/// <see cref="FcanSiloOptions.DashboardPort"/> it is a web host that also serves the Orleans Dashboard.</summary>
public static class FcanSiloHost
{
    public static IHost Build(FcanSiloOptions options, LogLevel minimumLogLevel = LogLevel.Warning)
    {
        if (options.DashboardPort == 0)
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            Configure(builder, options, minimumLogLevel);
            return builder.Build();
        }
        var web = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        DashboardEndpoint.AddServer(web, options);
        Configure(web, options, minimumLogLevel);
        var app = web.Build();
        DashboardEndpoint.Map(app, options);
        return app;
    }

    private static void Configure(IHostApplicationBuilder builder, FcanSiloOptions options, LogLevel minimumLogLevel)
    {
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(minimumLogLevel);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));
        if (options.MetricsPort != 0)
            MetricsEndpoint.Add(builder.Services, options.MetricsPort);
        builder.UseOrleans(silo =>
        {
            silo.UseFcan(options);
            if (options.DashboardPort != 0)
                silo.AddDashboard();
        });
    }
}
