using Fcan.Grains.Hosting;
using Fcan.Data.Datasets;
using Fcan.Data.Imaging;
using Fcan.Data.Shards;
using Fcan.Data.Storage;
using Fcan.Data.Synthetic;
using Fcan.Grains.Client;
using Fcan.Grains.Contracts;
using Fcan.Grains.Pools;
using Fcan.Grains.Rendering;
using Fcan.Grains.Sources;
using Fcan.Grains.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Fcan.Grains.Tests.Rendering;

/// <summary>The whole path with real parts: a synthetic GTA5-style dataset, a pool built from its "real" half by the
/// packaged ResNet-18 across 3 silos, and a job rendering the synthetic half with a few AAN iterations.</summary>
public sealed class RealAanJobTests
{
    [Fact]
    public async Task A_job_over_real_images_with_a_real_aan_writes_shards_that_verify()
    {
        await using var cluster = await ConversionCluster.StartAsync((services, folder) =>
        {
            services.Configure<PoolStoreOptions>(pools => pools.Location = Path.Combine(folder, "pools"));
            services.AddFcanRenderers();
        });
        var dataset = SyntheticDataset.Generate(Path.Combine(cluster.Folder, "data"),
            new SyntheticDatasetOptions { SourceImages = 5, TargetImages = 4, Width = 64, Height = 64 });
        var client = new FcanClusterClient(cluster.Client);
        var targets = Directory.GetFiles(dataset.Target, "*_leftImg8bit.png", SearchOption.AllDirectories).Order().ToList();

        var pool = await client.DefinePoolAsync("city", new PoolDefinition(targets, null), CancellationToken.None);
        var again = await client.DefinePoolAsync("city", new PoolDefinition(targets, null), CancellationToken.None);
        await client.StartJobAsync("real", new JobSpec(dataset.Source, "gta5", "city", 0,
            new RenderSettings(Iterations: 3, Size: null, Seed: 1), cluster.Output, ShardSize: 2), CancellationToken.None);
        var final = await cluster.WaitUntilFinalAsync("real", TimeSpan.FromMinutes(3));

        Assert.Equal((1, 1), (pool.Version, again.Version));
        Assert.Equal(JobState.Completed, final.State);
        Assert.Equal(1, final.Spec!.PoolVersion);
        var sourceKeys = await DatasetReaders.Open(BlobStores.Open(dataset.Source), DatasetLayout.Gta5)
            .ListAsync(CancellationToken.None).Select(item => item.Key).ToListAsync();
        Assert.Equal(sourceKeys, await ShardReader.VerifyAsync(cluster.OutputStore, CancellationToken.None));
        Assert.Equal(3, (await ShardReader.ReadManifestAsync(cluster.OutputStore, CancellationToken.None)).Count);
        var samples = await cluster.ReadShardsAsync();
        Assert.All(samples, s =>
        {
            Assert.Equal([$"{s.Sample.Key}.png", $"{s.Sample.Key}.label.png", $"{s.Sample.Key}.json"], s.Sample.Members.Select(m => m.Name));
            var adapted = ImageCodec.DecodeRgb(s.Sample.Members[0].Content, s.Sample.Key);
            Assert.Equal((64, 64), (adapted.Width, adapted.Height));
        });
    }
}
