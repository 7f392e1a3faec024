using System.Globalization;
using System.Text.RegularExpressions;
using Fcan.Data.Synthetic;
using Fcan.Grains.Client;
using Fcan.Grains.Contracts;
using Fcan.Grains.Hosting;
using Fcan.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Fcan.Grains.Tests.Hosting;

/// <summary>The Prometheus endpoint a silo serves, scraped the way Prometheus does: Fcan's meter next to Orleans'.</summary>
public sealed class MetricsTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("fcan-metrics-").FullName;

    [Fact]
    public async Task A_scrape_after_a_job_counts_its_images_and_their_iteration_times_next_to_orleans_metrics()
    {
        var dataset = SyntheticDataset.Generate(Path.Combine(folder, "data"),
            new SyntheticDatasetOptions { SourceImages = 3, TargetImages = 2, Width = 64, Height = 64 });
        var targets = Directory.GetFiles(dataset.Target, "*_leftImg8bit.png", SearchOption.AllDirectories).Order().ToList();
        var options = new FcanSiloOptions
        {
            Home = Path.Combine(folder, "home"),
            SiloPort = FreePort.Next(),
            GatewayPort = FreePort.Next(),
            Devices = ["cpu"],
            MetricsPort = FreePort.Next(),
        };
        using var host = FcanSiloHost.Build(options);
        await host.StartAsync();
        var client = new FcanClusterClient(host.Services.GetRequiredService<IClusterClient>());
        await client.DefinePoolAsync("city", new PoolDefinition(targets, null), CancellationToken.None);
        await client.StartJobAsync("metered",
            new JobSpec(dataset.Source, "gta5", "city", 0, new RenderSettings(2, null, 1), Path.Combine(folder, "out")),
            CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await foreach (var _ in client.WatchJobAsync("metered", TimeSpan.FromMilliseconds(200), timeout.Token)) { }

        using var http = new HttpClient();
        var scrape = await http.GetStringAsync($"http://127.0.0.1:{options.MetricsPort}/metrics", CancellationToken.None);
        await host.StopAsync();

        Assert.Equal(3, Sample(scrape, "fcan_images_rendered_total", "device=\"cpu\""));
        Assert.Equal(3, Sample(scrape, "fcan_aan_iteration_duration_milliseconds_count", "device=\"cpu\""));
        Assert.True(Sample(scrape, "fcan_aan_iteration_duration_milliseconds_sum", "device=\"cpu\"") > 0);
        Assert.Contains("fcan_queue_depth{", scrape);
        Assert.DoesNotContain("fcan_gpu_memory_used", scrape);
        Assert.Contains("orleans_", scrape);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>The value of the one sample of <paramref name="metric"/> whose labels include <paramref name="label"/>.</summary>
    private static double Sample(string scrape, string metric, string label)
    {
        var pattern = new Regex($@"^{metric}\{{[^}}]*{Regex.Escape(label)}[^}}]*\}} (\S+)", RegexOptions.Multiline);
        var match = pattern.Match(scrape);
        Assert.True(match.Success, $"no {metric} with {label} in:\n{scrape}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
