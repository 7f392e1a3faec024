using Fcan.Grains.Client;
using Fcan.Grains.Hosting;
using Fcan.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Fcan.Grains.Tests.Hosting;

/// <summary>The Prometheus endpoint a silo serves, scraped the way Prometheus does.</summary>
public sealed class MetricsTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("fcan-metrics-").FullName;

    [Fact]
    public async Task A_scrape_of_the_metrics_port_finds_orleans_metrics()
    {
        var options = new FcanSiloOptions
        {
            Home = Path.Combine(folder, "home"),
            SiloPort = FreePort.Next(),
            GatewayPort = FreePort.Next(),
            Devices = [],
            MetricsPort = FreePort.Next(),
        };
        using var host = FcanSiloHost.Build(options);
        await host.StartAsync();
        await new FcanClusterClient(host.Services.GetRequiredService<IClusterClient>())
            .ListJobsAsync(CancellationToken.None);

        using var http = new HttpClient();
        var scrape = await http.GetStringAsync($"http://127.0.0.1:{options.MetricsPort}/metrics", CancellationToken.None);
        await host.StopAsync();

        Assert.Contains("orleans_", scrape);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
