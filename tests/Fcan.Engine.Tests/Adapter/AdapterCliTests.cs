using System.Security.Cryptography;
using System.Text.Json;
using Fcan.Data.Imaging;
using Fcan.Data.Shards;
using Fcan.Data.Storage;
using Fcan.Data.Synthetic;
using Fcan.Engine.Tests.Support;

namespace Fcan.Engine.Tests.Adapter;

/// <summary>`fcan adapter train` and `fcan convert --method adapter` as users run them: the real executable, its
/// embedded cluster, the synthetic mini dataset.</summary>
public sealed class AdapterCliTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("fcan-adapter-cli-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task TrainsAnAdapterForAPoolAndConvertsWithItIntoItemsThatNameIt()
    {
        var data = SyntheticDataset.Generate(Path.Combine(folder, "data"), new SyntheticDatasetOptions { SourceImages = 3, TargetImages = 2, Width = 64, Height = 32 });
        var pool = Fcan("pool", "create", "city", "--images", Path.Combine(data.Target, "leftImg8bit"));
        Assert.True(pool.ExitCode == 0, pool.Error);
        var adapter = Path.Combine(folder, "adapter");

        var train = Fcan("adapter", "train", "--source", data.Source, "--layout", "gta5", "--pool", "city", "--out", adapter,
            "--steps", "2", "--batch", "1", "--crop", "32x32", "--channels", "4", "--blocks", "1", "--alpha", "1e-6", "--json");
        Assert.True(train.ExitCode == 0, train.Error);
        var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(adapter, "adapter.fcan"))));
        using (var result = JsonDocument.Parse(train.Output))
        {
            Assert.Equal(2, result.RootElement.GetProperty("step").GetInt32());
            Assert.Equal(hash, result.RootElement.GetProperty("hash").GetString());
            Assert.Equal("city", result.RootElement.GetProperty("pool").GetString());
        }
        var again = Fcan("adapter", "train", "--source", data.Source, "--layout", "gta5", "--out", adapter, "--resume", "--steps", "5");
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("--steps", again.Error);
        var noAdapter = Fcan("convert", "--source", data.Source, "--layout", "gta5", "--pool", "city", "--out", Path.Combine(folder, "x"), "--method", "adapter");
        Assert.Equal(2, noAdapter.ExitCode);
        Assert.Contains("--adapter", noAdapter.Error);

        var output = Path.Combine(folder, "converted");
        string[] convert = ["convert", "--source", data.Source, "--layout", "gta5", "--pool", "city", "--out", output,
            "--method", "adapter", "--adapter", adapter, "--wait", "--json"];
        var first = Fcan(convert);
        Assert.True(first.ExitCode == 0, first.Error);
        var store = BlobStores.Open(output);
        var items = new List<JsonElement>();
        foreach (var shard in await ShardReader.ReadManifestAsync(store, default))
            await foreach (var sample in ShardReader.ReadSamplesAsync(store, shard, default))
                items.Add(JsonDocument.Parse(sample.Members.Single(m => m.Name.EndsWith(".json", StringComparison.Ordinal)).Content).RootElement);
        Assert.Equal(3, items.Count);
        Assert.All(items, item =>
        {
            Assert.Equal("adapter", item.GetProperty("method").GetString());
            Assert.Equal(hash, item.GetProperty("adapter").GetString());
        });

        // The same adapter again: a refresh that reuses every item, since the fingerprint names the same adapter.
        var refresh = Fcan(convert);
        Assert.True(refresh.ExitCode == 0, refresh.Error);
        using var status = JsonDocument.Parse(refresh.Output);
        Assert.Equal(3, status.RootElement.GetProperty("progress").GetProperty("reused").GetInt32());
    }

    [Fact]
    public void TheDemoTrainsAnAdapterAndShowsItBesideAan()
    {
        var output = Path.Combine(folder, "demo");
        var demo = Fcan("demo", "--out", output, "--images", "2", "--size", "64x32", "--iterations", "2",
            "--method", "adapter", "--adapter-steps", "2", "--json");

        Assert.True(demo.ExitCode == 0, demo.Error);
        using var report = JsonDocument.Parse(demo.Output);
        var root = report.RootElement;
        Assert.True(File.Exists(Path.Combine(root.GetProperty("adapter").GetString()!, "adapter.fcan")));
        Assert.True(File.Exists(Path.Combine(root.GetProperty("adapterOutput").GetString()!, "manifest.jsonl")));
        Assert.True(root.GetProperty("quality").GetProperty("byAdapter").GetProperty("kid").GetDouble() >= 0);
        // Four 64-pixel columns and their gaps: source, AAN, the adapter, a real image.
        var sheet = root.GetProperty("contactSheet").GetString()!;
        Assert.Equal(4 * 64 + 5 * 4, ImageCodec.DecodeRgb(File.ReadAllBytes(sheet), sheet).Width);
    }

    private ProcessRunner.Result Fcan(params string[] arguments) =>
        ProcessRunner.Fcan(["--home", Path.Combine(folder, "home"), .. arguments]);
}
