using Fcan.Data.Datasets;
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

/// <summary>The embedded silo the CLI hosts: file-backed grain state and reminders under its home, so a job started
/// by one process is finished by the next one.</summary>
public sealed class EmbeddedSiloTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("fcan-embedded-").FullName;

    [Fact]
    public async Task A_job_started_in_one_embedded_silo_is_finished_by_the_next_one_on_the_same_home()
    {
        var dataset = SyntheticDataset.Generate(Path.Combine(folder, "data"),
            new SyntheticDatasetOptions { SourceImages = 4, TargetImages = 2, Width = 64, Height = 64 });
        var targets = Directory.GetFiles(dataset.Target, "*_leftImg8bit.png", SearchOption.AllDirectories).Order().ToList();
        var output = Path.Combine(folder, "out");
        var spec = new JobSpec(dataset.Source, "gta5", "city", 0, new RenderSettings(2, null, 1), output, ShardSize: 3);

        using (var first = await StartAsync())
        {
            var client = Client(first);
            await client.DefinePoolAsync("city", new PoolDefinition(targets, null), CancellationToken.None);
            await client.StartJobAsync("embedded", spec, CancellationToken.None);
            await first.StopAsync();
        }
        using var second = await StartAsync();
        var next = Client(second);
        JobStatus? final = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await foreach (var status in next.WatchJobAsync("embedded", TimeSpan.FromMilliseconds(200), timeout.Token))
            final = status;
        await second.StopAsync();

        Assert.Equal(JobState.Completed, final!.State);
        var keys = await DatasetReaders.Open(BlobStores.Open(dataset.Source), DatasetLayout.Gta5)
            .ListAsync(CancellationToken.None).Select(item => item.Key).ToListAsync();
        Assert.Equal(keys, await ShardReader.VerifyAsync(BlobStores.Open(output), CancellationToken.None));
        Assert.True(File.Exists(Path.Combine(folder, "home", "state", "reminders.bin")));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private async Task<IHost> StartAsync()
    {
        var host = FcanSiloHost.Build(new FcanSiloOptions
        {
            Home = Path.Combine(folder, "home"),
            SiloPort = FreePort.Next(),
            GatewayPort = FreePort.Next(),
            Devices = ["cpu"],
        });
        await host.StartAsync();
        return host;
    }

    private static FcanClusterClient Client(IHost host) => new(host.Services.GetRequiredService<IClusterClient>());
}
