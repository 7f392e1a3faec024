using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Fcan.Data.Synthetic;
using Fcan.Grains.Client;
using Fcan.Grains.Contracts;
using Fcan.Grains.Hosting;
using Fcan.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Fcan.Grains.Tests.Hosting;

/// <summary>The Prometheus endpoint a silo serves, scraped the way Prometheus does: Fcan's meter next to Orleans'.</summary>
[Collection(SoloMetricsCollection.Name)]
public sealed class MetricsTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("fcan-metrics-").FullName;

    [Fact]
    public async Task A_scrape_after_a_job_counts_its_images_and_their_iteration_times_next_to_orleans_metrics()
    {
        var dataset = SyntheticDataset.Generate(Path.Combine(folder, "data"),
            new SyntheticDatasetOptions { SourceImages = 3, TargetImages = 2, Width = 64, Height = 64 });
        var targets = Directory.GetFiles(dataset.Target, "*_leftImg8bit.png", SearchOption.AllDirectories).Order().ToList();
        var options = Options(metricsPort: FreePort.Next());
        options.Devices = ["cpu"];
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

    [Fact]
    public async Task With_credentials_the_metrics_port_answers_only_scrapes_that_carry_them_and_serves_nothing_else()
    {
        var options = Options(metricsPort: FreePort.Next());
        options.DashboardCredentials = new DashboardCredentials("prometheus", "s3cret");
        using var host = FcanSiloHost.Build(options);
        await host.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{options.MetricsPort}/") };

        using var anonymous = await http.GetAsync("metrics", CancellationToken.None);
        using var scrape = await http.SendAsync(Authorized("metrics"), CancellationToken.None);
        using var elsewhere = await http.SendAsync(Authorized(""), CancellationToken.None);
        await host.StopAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.Contains("orleans_", await scrape.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
    }

    [Fact]
    public void A_metrics_endpoint_bound_beyond_loopback_without_credentials_is_refused()
    {
        var options = Options(metricsPort: FreePort.Next());
        options.MetricsBind = "0.0.0.0";

        var error = Assert.Throws<ArgumentException>(() => FcanSiloHost.Build(options));

        Assert.Equal("metrics bind '0.0.0.0' is not loopback: set FCAN_DASHBOARD_USER and FCAN_DASHBOARD_PASSWORD "
            + "to require a login", error.Message);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private FcanSiloOptions Options(int metricsPort) => new()
    {
        Home = Path.Combine(folder, "home"),
        SiloPort = FreePort.Next(),
        GatewayPort = FreePort.Next(),
        Devices = [],
        MetricsPort = metricsPort,
    };

    private static HttpRequestMessage Authorized(string path) => new(HttpMethod.Get, path)
    {
        Headers = { Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes("prometheus:s3cret"))) },
    };

    /// <summary>The value of the one sample of <paramref name="metric"/> whose labels include <paramref name="label"/>.</summary>
    private static double Sample(string scrape, string metric, string label)
    {
        var pattern = new Regex($@"^{metric}\{{[^}}]*{Regex.Escape(label)}[^}}]*\}} (\S+)", RegexOptions.Multiline);
        var match = pattern.Match(scrape);
        Assert.True(match.Success, $"no {metric} with {label} in:\n{scrape}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
