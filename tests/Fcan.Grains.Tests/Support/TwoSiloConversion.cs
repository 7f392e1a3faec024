using Fcan.Data.Shards;
using Fcan.Data.Storage;
using Fcan.Data.Synthetic;
using Fcan.Grains.Client;
using Fcan.Grains.Contracts;
using Fcan.Grains.Hosting;
using Fcan.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fcan.Grains.Tests.Support;

/// <summary>Two silo hosts built as fcan-silo builds them, on one membership store, converting a small synthetic
/// dataset together: what every cluster-store test checks, whatever the store.</summary>
public static class TwoSiloConversion
{
    public sealed record Result(JobStatus Final, int VerifiedSamples, int Silos);

    public static FcanSiloOptions SiloOptions(string cluster, string folder) => new()
    {
        Cluster = cluster,
        PoolStore = Path.Combine(folder, "pools"),
        SiloPort = FreePort.Next(),
        GatewayPort = FreePort.Next(),
        Devices = ["cpu"],
    };

    /// <summary>Converts 4 images with 2 silos on <paramref name="cluster"/>, following the job to its end.</summary>
    public static async Task<Result> RunAsync(string cluster, string folder, string jobId)
    {
        var dataset = SyntheticDataset.Generate(Path.Combine(folder, "data"),
            new SyntheticDatasetOptions { SourceImages = 4, TargetImages = 2, Width = 64, Height = 64 });
        var targets = Directory.GetFiles(dataset.Target, "*_leftImg8bit.png", SearchOption.AllDirectories).Order().ToList();
        var output = Path.Combine(folder, "out");
        using var first = await StartAsync(cluster, folder);
        using var second = await StartAsync(cluster, folder);
        var client = new FcanClusterClient(second.Services.GetRequiredService<IClusterClient>());

        await client.DefinePoolAsync("city", new PoolDefinition(targets, null), CancellationToken.None);
        await client.StartJobAsync(jobId,
            new JobSpec(dataset.Source, "gta5", "city", 0, new RenderSettings(2, null, 1), output, ShardSize: 2),
            CancellationToken.None);
        JobStatus? final = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await foreach (var status in client.WatchJobAsync(jobId, TimeSpan.FromMilliseconds(200), timeout.Token))
            final = status;
        var silos = (await client.GetClusterStatusAsync(CancellationToken.None)).Silos.Count;
        await second.StopAsync();
        await first.StopAsync();
        var verified = (await ShardReader.VerifyAsync(BlobStores.Open(output), CancellationToken.None)).Count;
        return new Result(final!, verified, silos);
    }

    private static async Task<IHost> StartAsync(string cluster, string folder)
    {
        var host = FcanSiloHost.Build(SiloOptions(cluster, folder));
        await host.StartAsync();
        return host;
    }
}
