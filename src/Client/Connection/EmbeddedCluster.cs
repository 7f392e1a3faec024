using Fcan.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fcan.Client.Connection;

/// <summary>
/// The in-process silo of embedded mode: one silo on loopback whose grain state, reminders and pools are files under
/// `--home` (the grains' <see cref="FcanSiloBuilderExtensions.UseFcan"/>), so jobs survive the process. Unlike the
/// `fcan-silo` host it logs nothing unless `--verbose`: the CLI's own output is the interface.
/// </summary>
public static class EmbeddedCluster
{
    public static async Task<IHost> StartAsync(string home, int gatewayPort, bool verbose, CancellationToken cancellation)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, CommandHostLifetime>();
        if (verbose) builder.Logging.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.UseOrleans(silo => silo.UseFcan(new FcanSiloOptions
        {
            Home = home,
            SiloPort = LoopbackPort.Free(),
            GatewayPort = gatewayPort,
        }));
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellation);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }
}
