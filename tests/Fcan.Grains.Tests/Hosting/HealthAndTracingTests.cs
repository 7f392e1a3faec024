using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Fcan.Data.Synthetic;
using Fcan.Grains.Client;
using Fcan.Grains.Contracts;
using Fcan.Grains.Hosting;
using Fcan.Grains.Metrics;
using Fcan.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Fcan.Grains.Tests.Hosting;

/// <summary>What operators watch: the probes' endpoints, and a job's trace (job, its shards, their renders).</summary>
[Collection(SoloMetricsCollection.Name)]
public sealed class HealthAndTracingTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("fcan-observe-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task The_probes_answer_without_credentials_and_the_port_serves_nothing_else()
    {
        var options = Options();
        options.HealthPort = FreePort.Next();
        options.DashboardCredentials = new DashboardCredentials("admin", "s3cret");
        using var host = FcanSiloHost.Build(options);
        await host.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{options.HealthPort}/") };

        using var live = await http.GetAsync("healthz", CancellationToken.None);
        using var ready = await http.GetAsync("ready", CancellationToken.None);
        using var elsewhere = await http.GetAsync("metrics", CancellationToken.None);
        await host.StopAsync();

        Assert.Equal((HttpStatusCode.OK, "Healthy"), (live.StatusCode, await live.Content.ReadAsStringAsync()));
        Assert.Equal((HttpStatusCode.OK, "Healthy"), (ready.StatusCode, await ready.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
    }

    [Fact]
    public async Task A_job_traces_as_one_job_span_over_its_shard_spans_over_their_render_spans()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == FcanTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var dataset = SyntheticDataset.Generate(Path.Combine(folder, "data"),
            new SyntheticDatasetOptions { SourceImages = 3, TargetImages = 2, Width = 32, Height = 32 });
        var targets = Directory.GetFiles(dataset.Target, "*_leftImg8bit.png", SearchOption.AllDirectories).Order().ToList();
        var options = Options();
        options.Devices = ["cpu"];
        using var host = FcanSiloHost.Build(options);
        await host.StartAsync();
        var client = new FcanClusterClient(host.Services.GetRequiredService<IClusterClient>());
        await client.DefinePoolAsync("city", new PoolDefinition(targets, null), CancellationToken.None);
        await client.StartJobAsync("traced", new JobSpec(dataset.Source, "gta5", "city", 0, new RenderSettings(1, null, 1),
            Path.Combine(folder, "out"), ShardSize: 2), CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await foreach (var _ in client.WatchJobAsync("traced", TimeSpan.FromMilliseconds(200), timeout.Token)) { }
        // The job's span ends just after its final state is recorded.
        while (!Mine("fcan.job").Any()) await Task.Delay(50, timeout.Token);
        await host.StopAsync();

        var job = Assert.Single(Mine("fcan.job"));
        Assert.Equal("Completed", job.GetTagItem("fcan.job.state"));
        var shards = Mine("fcan.shard").ToList();
        Assert.Equal([0, 1], shards.Select(shard => (int)shard.GetTagItem("fcan.shard.index")!).Order());
        Assert.All(shards, shard => Assert.Equal((job.TraceId, job.SpanId), (shard.TraceId, shard.ParentSpanId)));
        var renders = Mine("fcan.render").ToList();
        Assert.Equal(3, renders.Select(render => render.GetTagItem("fcan.item.key")).Distinct().Count());
        Assert.All(renders, render => Assert.Contains(render.ParentSpanId, shards.Select(shard => shard.SpanId)));
        Assert.All(renders, render => Assert.Equal(job.TraceId, render.TraceId));

        IEnumerable<Activity> Mine(string name) =>
            spans.Where(span => span.OperationName == name && (string?)span.GetTagItem("fcan.job.id") == "traced");
    }

    private FcanSiloOptions Options() => new()
    {
        Home = Path.Combine(folder, "home"),
        SiloPort = FreePort.Next(),
        GatewayPort = FreePort.Next(),
        Devices = [],
    };
}
