using Fcan.Data.Shards;
using Fcan.Data.Storage;
using Fcan.Data.Synthetic;
using Fcan.Grains.Client;
using Fcan.Grains.Contracts;
using Fcan.Grains.Hosting;
using Fcan.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fcan.Grains.Tests.Hosting;

/// <summary>Cluster mode as fcan-silo runs it: two silo hosts sharing membership, grain state and reminders in a real
/// redis-server, converting a small synthetic dataset together.</summary>
public sealed class RedisClusterTests(RedisFixture redis) : IClassFixture<RedisFixture>, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("fcan-redis-").FullName;

    [Fact]
    public async Task Two_silos_on_redis_convert_a_dataset_together()
    {
        var dataset = SyntheticDataset.Generate(Path.Combine(folder, "data"),
            new SyntheticDatasetOptions { SourceImages = 4, TargetImages = 2, Width = 64, Height = 64 });
        var targets = Directory.GetFiles(dataset.Target, "*_leftImg8bit.png", SearchOption.AllDirectories).Order().ToList();
        var output = Path.Combine(folder, "out");
        using var first = await StartAsync();
        using var second = await StartAsync();
        var client = new FcanClusterClient(second.Services.GetRequiredService<IClusterClient>());

        await client.DefinePoolAsync("city", new PoolDefinition(targets, null), CancellationToken.None);
        await client.StartJobAsync("redis-job",
            new JobSpec(dataset.Source, "gta5", "city", 0, new RenderSettings(2, null, 1), output, ShardSize: 2),
            CancellationToken.None);
        JobStatus? final = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await foreach (var status in client.WatchJobAsync("redis-job", TimeSpan.FromMilliseconds(200), timeout.Token))
            final = status;
        var cluster = await client.GetClusterStatusAsync(CancellationToken.None);
        await second.StopAsync();
        await first.StopAsync();

        Assert.Equal(JobState.Completed, final!.State);
        Assert.Equal(4, (await ShardReader.VerifyAsync(BlobStores.Open(output), CancellationToken.None)).Count);
        Assert.Equal(2, cluster.Silos.Count);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private async Task<IHost> StartAsync()
    {
        var host = FcanSiloHost.Build(new FcanSiloOptions
        {
            Cluster = redis.Server.Uri,
            PoolStore = Path.Combine(folder, "pools"),
            SiloPort = FreePort.Next(),
            GatewayPort = FreePort.Next(),
            Devices = ["cpu"],
        });
        await host.StartAsync();
        return host;
    }
}
