using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fcan.Grains.Hosting;

/// <summary>A generic host running one Fcan silo: what src/Silo runs, and what the CLI embeds in its own process
/// (<c>Cluster = null</c>: durable local state under <see cref="FcanSiloOptions.Home"/>). Stopping the host stops the
/// silo gracefully: device workers report what they finished and hand the rest of their leases back.</summary>
public static class FcanSiloHost
{
    public static IHost Build(FcanSiloOptions options, LogLevel minimumLogLevel = LogLevel.Warning)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(minimumLogLevel);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.UseOrleans(silo => silo.UseFcan(options));
        return builder.Build();
    }
}
