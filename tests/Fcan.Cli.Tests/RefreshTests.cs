using System.Text.Json;
using Fcan.Cli.Tests.Support;

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
