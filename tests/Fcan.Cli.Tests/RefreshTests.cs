using System.Text.Json;
using Fcan.Cli.Tests.Support;
using Fcan.Testing;

namespace Fcan.Cli.Tests;

/// <summary>`fcan convert` into an output that already holds a converted dataset refreshes it: only the images whose
/// source changed are rendered, and the rest is reused from the previous manifest generation.</summary>
public sealed class RefreshTests : IDisposable
{
    private readonly FcanProcess fcan = new();

    [Fact]
    public async Task Converting_again_after_one_image_changed_renders_only_that_image()
    {
        var source = TinyDataset.Write(Path.Combine(fcan.Home, "data", "source"), count: 3, noisy: false);
        var real = TinyDataset.Write(Path.Combine(fcan.Home, "data", "real"), count: 2, noisy: true);
        var output = Path.Combine(fcan.Home, "out");
        await Json("pool", "create", "street", "--images", real, "--size", "64x32");
        string[] convert = ["convert", "--source", source, "--layout", "folder", "--pool", "street", "--out", output,
            "--iterations", "2", "--shard-size", "2", "--wait"];
        var first = await Json(convert);
        Assert.Equal((3, 0, 1), Counts(first));
        await AssertPythonReadsExactlyGenerationAsync(output, 1);

        var edited = TinyDataset.Write(Path.Combine(fcan.Home, "data", "edited"), count: 3, noisy: false, seed: 7);
        File.Copy(Path.Combine(edited, "img001.png"), Path.Combine(source, "img001.png"), overwrite: true);
        var second = await Json(convert);

        Assert.Equal("completed", second.GetProperty("state").GetString());
        Assert.Equal((1, 2, 2), Counts(second));
        Assert.True(File.Exists(Path.Combine(output, "manifests", "generation-000001.jsonl")));
        Assert.Equal(File.ReadAllText(Path.Combine(output, "manifests", "generation-000002.jsonl")),
            File.ReadAllText(Path.Combine(output, "manifest.jsonl")));
        var status = await fcan.RunAsync("job", "status", second.GetProperty("jobId").GetString()!);
        Assert.Contains("3 done (1 rendered, 2 reused unchanged)", status.Stdout);
        Assert.Contains("(generation 2)", status.Stdout);
        await AssertPythonReadsExactlyGenerationAsync(output, 2);
    }

    /// <summary>python/fcan_shards reads the generation's samples (its item index: keys and source checksums) and
    /// nothing else, and the root's shards.json lists exactly the manifest's shards.</summary>
    private static async Task AssertPythonReadsExactlyGenerationAsync(string output, int generation)
    {
        const string read = """
            import json, sys
            from fcan_shards import FcanShards, read_shard_list
            samples = [[m["__key__"], m["sourceSha256"], list(image.shape)] for image, _, m in FcanShards(sys.argv[1])]
            print(json.dumps({"samples": samples, "shards": [[p, n] for p, n in read_shard_list(sys.argv[1])]}))
            """;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var python = await Python.RunAsync(["-c", read, output], timeout.Token);
        Assert.True(python.ExitCode == 0, python.Error);
        var result = JsonDocument.Parse(python.Output).RootElement;

        var index = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, "manifests", $"generation-{generation:D6}.index.json"))).RootElement;
        var indexed = index.GetProperty("shards").EnumerateArray()
            .SelectMany(shard => shard.GetProperty("samples").EnumerateArray())
            .Select(sample => (sample.GetProperty("key").GetString(), sample.GetProperty("sourceSha256").GetString()));
        var samples = result.GetProperty("samples").EnumerateArray().ToList();
        Assert.Equal(indexed, samples.Select(sample => (sample[0].GetString(), sample[1].GetString())));
        Assert.All(samples, sample => Assert.Equal($"[3,{TinyDataset.Height},{TinyDataset.Width}]", sample[2].GetRawText().Replace(" ", "")));
        var manifest = File.ReadAllLines(Path.Combine(output, "manifest.jsonl"))
            .Select(line => Path.Combine(output, JsonDocument.Parse(line).RootElement.GetProperty("name").GetString()!));
        Assert.Equal(manifest, result.GetProperty("shards").EnumerateArray().Select(shard => shard[0].GetString()));
        Assert.Equal(samples.Count, result.GetProperty("shards").EnumerateArray().Sum(shard => shard[1].GetInt32()));
    }

    private static (long Rendered, long Reused, int Generation) Counts(JsonElement status) =>
        (status.GetProperty("progress").GetProperty("rendered").GetInt64(),
         status.GetProperty("progress").GetProperty("reused").GetInt64(),
         status.GetProperty("generation").GetInt32());

    private async Task<JsonElement> Json(params string[] args)
    {
        var result = await fcan.RunAsync([.. args, "--json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json();
    }

    public void Dispose() => fcan.Dispose();
}
