using System.Text.Json;
using Fcan.Cli.Tests.Support;

namespace Fcan.Cli.Tests;

/// <summary>`fcan assess --output` on what `fcan convert --method colour` wrote: the output's items lead back to their
/// sources, the pool gives the targets, and the colour baseline closes part of the colour gap.</summary>
public sealed class AssessTests : IDisposable
{
    private readonly FcanProcess fcan = new();

    [Fact]
    public async Task A_colour_conversion_assessed_against_its_pool_moves_its_colours_towards_the_pool()
    {
        var source = TinyDataset.Write(Path.Combine(fcan.Home, "data", "source"), count: 3, noisy: false);
        // Flat images of other colours: a transfer of channel means and spreads can reach them. (Against noisy images it
        // stretches two flat colours apart until they clip, which moves the RGB Gaussian further away: measured 1.13.)
        var real = TinyDataset.Write(Path.Combine(fcan.Home, "data", "real"), count: 2, noisy: false, seed: 7);
        var output = Path.Combine(fcan.Home, "out");
        await Json("pool", "create", "street", "--images", real, "--size", "64x32");
        var job = await Json("convert", "--source", source, "--layout", "folder", "--pool", "street", "--out", output,
            "--method", "colour", "--shard-size", "2", "--wait");
        Assert.Equal("completed", job.GetProperty("state").GetString());

        var report = await Json("assess", "--output", output, "--pool", "street");

        var set = report.GetProperty("set");
        Assert.Equal((3, 2), (set.GetProperty("images").GetInt32(), set.GetProperty("targets").GetInt32()));
        Assert.InRange(set.GetProperty("colourGap").GetDouble(), 0, 0.5);
        Assert.Equal(JsonValueKind.Null, set.GetProperty("structureKept").ValueKind);
        Assert.Equal(["img000", "img001", "img002"], report.GetProperty("images").EnumerateArray().Select(r => r.GetProperty("key").GetString()));
    }

    private async Task<JsonElement> Json(params string[] args)
    {
        var result = await fcan.RunAsync([.. args, "--json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json();
    }

    public void Dispose() => fcan.Dispose();
}
