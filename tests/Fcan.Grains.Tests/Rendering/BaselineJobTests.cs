using Fcan.Grains.Hosting;
using System.Text.Json;
using Fcan.Data.Imaging;
using Fcan.Data.Synthetic;
using Fcan.Grains.Client;
using Fcan.Grains.Contracts;
using Fcan.Grains.Jobs;
using Fcan.Grains.Pools;
using Fcan.Grains.Rendering;
using Fcan.Grains.Sources;
using Fcan.Grains.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Fcan.Grains.Tests.Rendering;

/// <summary>Every conversion method on the cluster path with the silo's own renderer (which dispatches on the method):
/// a synthetic GTA5-style source, a pool from its "real" half, shards that record how each image was made.</summary>
public sealed class BaselineJobTests
{
    [Fact]
    public async Task Each_method_converts_the_dataset_and_records_itself_in_every_item()
    {
        await using var cluster = await ConversionCluster.StartAsync((services, folder) =>
        {
            services.Configure<PoolStoreOptions>(pools => pools.Location = Path.Combine(folder, "pools"));
            services.AddFcanRenderers();
        }, silos: 1);
        var dataset = SyntheticDataset.Generate(Path.Combine(cluster.Folder, "data"),
            new SyntheticDatasetOptions { SourceImages = 3, TargetImages = 2, Width = 64, Height = 32 });
        var client = new FcanClusterClient(cluster.Client);
        var targets = Directory.GetFiles(dataset.Target, "*_leftImg8bit.png", SearchOption.AllDirectories).Order().ToList();
        await client.DefinePoolAsync("city", new PoolDefinition(targets, null), CancellationToken.None);

        var methods = new[] { RenderMethod.Aan, RenderMethod.Colour, RenderMethod.Fda };
        foreach (var method in methods)
        {
            var settings = new RenderSettings(Iterations: 2, Size: null, Seed: 1, Method: method,
                FdaBand: method == RenderMethod.Fda ? 0.05 : null);
            var output = Path.Combine(cluster.Folder, method.ToString());
            await client.StartJobAsync(method.ToString(), new JobSpec(dataset.Source, "gta5", "city", 1, settings, output, ShardSize: 2),
                CancellationToken.None);
            var final = await cluster.WaitUntilFinalAsync(method.ToString(), TimeSpan.FromMinutes(3));
            Assert.True(final.State == JobState.Completed, $"{method}: {final.State} {final.Error}");
        }

        var sources = Directory.GetFiles(Path.Combine(dataset.Source, "images"), "*.png").Order()
            .ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => ImageCodec.DecodeRgb(File.ReadAllBytes(f), f));
        foreach (var method in methods)
        {
            var samples = await ShardSamples(Path.Combine(cluster.Folder, method.ToString()));
            Assert.Equal(sources.Keys, samples.Select(s => s.Key));
            Assert.All(samples, sample =>
            {
                using var json = JsonDocument.Parse(sample.Json);
                Assert.Equal(method.ToString().ToLowerInvariant(), json.RootElement.GetProperty("method").GetString());
                Assert.Equal(dataset.Source, json.RootElement.GetProperty("sourceDataset").GetString());
                Assert.Equal("gta5", json.RootElement.GetProperty("layout").GetString());
                Assert.NotEqual(sources[sample.Key].Pixels, sample.Image.Pixels);
                Assert.Equal((64, 32), (sample.Image.Width, sample.Image.Height));
            });
            if (method == RenderMethod.Fda)
                Assert.All(samples, s => Assert.Contains(JsonDocument.Parse(s.Json).RootElement.GetProperty("baseline").GetProperty("fdaTarget").GetString(), targets));
        }
    }

    [Fact]
    public void The_method_and_its_band_are_part_of_the_refresh_fingerprint()
    {
        var spec = new JobSpec("/data", "gta5", "city", 1, RenderSettings.Default, "/out");
        string Of(RenderSettings settings) => JobRecipe.Fingerprint(spec with { Settings = settings });

        var fingerprints = new[]
        {
            Of(RenderSettings.Default),
            Of(RenderSettings.Default with { Method = RenderMethod.Colour }),
            Of(RenderSettings.Default with { Method = RenderMethod.Fda, FdaBand = 0.01 }),
            Of(RenderSettings.Default with { Method = RenderMethod.Fda, FdaBand = 0.05 }),
        };

        Assert.Equal(fingerprints.Length, fingerprints.Distinct().Count());
        Assert.Equal(fingerprints[0], Of(RenderSettings.Default with { }));
    }

    private static async Task<IReadOnlyList<(string Key, RgbImage Image, byte[] Json)>> ShardSamples(string output)
    {
        var store = Data.Storage.BlobStores.Open(output);
        var samples = new List<(string, RgbImage, byte[])>();
        foreach (var shard in await Data.Shards.ShardReader.ReadManifestAsync(store, CancellationToken.None))
            await foreach (var sample in Data.Shards.ShardReader.ReadSamplesAsync(store, shard, CancellationToken.None))
                samples.Add((sample.Key,
                    ImageCodec.DecodeRgb(sample.Members.Single(m => m.Name == $"{sample.Key}.png").Content, sample.Key),
                    sample.Members.Single(m => m.Name == $"{sample.Key}.json").Content));
        return samples;
    }
}
