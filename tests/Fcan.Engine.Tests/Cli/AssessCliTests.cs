using System.Text.Json;
using Fcan.Data.Imaging;
using Fcan.Engine.Tests.Quality;
using Fcan.Engine.Tests.Support;

namespace Fcan.Engine.Tests.Cli;

/// <summary>`fcan assess` on folders as operators use it: the real executable, its JSON document, one-line errors.</summary>
public sealed class AssessCliTests : IDisposable
{
    private const int W = 64, H = 32;
    private readonly string folder = Directory.CreateTempSubdirectory("fcan-assess-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Folder(string name) => Directory.CreateDirectory(Path.Combine(folder, name)).FullName;

    private static void Png(string folder, string name, RgbImage image) =>
        File.WriteAllBytes(Path.Combine(folder, name), ImageCodec.EncodePng(image));

    [Fact]
    public void UnchangedSourcesScoreGapsOfOneAndKeepEverythingInTheJsonDocument()
    {
        var (sources, adapted, labels, targets) = (Folder("sources"), Folder("adapted"), Folder("labels"), Folder("targets"));
        var bands = QualityImages.Bands(W, H);
        for (var i = 0; i < 2; i++)
        {
            var source = QualityImages.Coloured(W, H, bands, QualityImages.Palette);
            Png(sources, $"f{i}.png", source);
            Png(adapted, $"f{i}.png", source);
            File.WriteAllBytes(Path.Combine(labels, $"f{i}.label.png"), ImageCodec.EncodeGrayPng(W, H, bands));
            Png(targets, $"t{i}.png", QualityImages.Waves(i, W, H));
        }
        var sheet = Path.Combine(folder, "sheet.png");

        var result = ProcessRunner.Fcan(["assess", "--sources", sources, "--adapted", adapted, "--labels", labels,
            "--target", targets, "--contact-sheet", sheet, "--json"]);

        Assert.True(result.ExitCode == 0, result.Error);
        using var document = JsonDocument.Parse(result.Output);
        var set = document.RootElement.GetProperty("set");
        Assert.Equal(1, set.GetProperty("colourGap").GetDouble(), 6);
        Assert.Equal(1, set.GetProperty("detailGap").GetDouble(), 6);
        Assert.Equal(1, set.GetProperty("structureKept").GetDouble());
        Assert.Equal(set.GetProperty("kidSource").GetDouble(), set.GetProperty("kid").GetDouble(), 6);
        Assert.Equal((2, 2), (set.GetProperty("images").GetInt32(), set.GetProperty("targets").GetInt32()));
        var rows = document.RootElement.GetProperty("images").EnumerateArray().ToList();
        Assert.Equal(["f0", "f1"], rows.Select(r => r.GetProperty("key").GetString()));
        Assert.All(rows, r => Assert.Equal(1, r.GetProperty("edgeF1").GetDouble()));
        Assert.Equal("64x32", document.RootElement.GetProperty("size").GetString());
        var written = ImageCodec.DecodeRgb(File.ReadAllBytes(sheet), sheet);
        Assert.True(written.Width > 3 * W && written.Height > 2 * H);
    }

    [Fact]
    public void MismatchedOrUnreadableInputsFailWithOneLineNamingTheFile()
    {
        var (sources, adapted, targets) = (Folder("sources"), Folder("adapted"), Folder("targets"));
        Png(sources, "a.png", QualityImages.Waves(1, W, H));
        Png(targets, "t.png", QualityImages.Waves(2, W, H));
        Png(adapted, "b.png", QualityImages.Waves(3, W, H));

        var unpaired = ProcessRunner.Fcan(["assess", "--sources", sources, "--adapted", adapted, "--target", targets]);
        File.Delete(Path.Combine(adapted, "b.png"));
        File.WriteAllText(Path.Combine(adapted, "a.png"), "not a png");
        var corrupt = ProcessRunner.Fcan(["assess", "--sources", sources, "--adapted", adapted, "--target", targets]);
        var both = ProcessRunner.Fcan(["assess", "--output", folder, "--sources", sources, "--adapted", adapted, "--target", targets]);

        Assert.Equal(1, unpaired.ExitCode);
        Assert.Equal($"fcan: {Path.Combine(adapted, "b.png")}: no source image named b in {sources}", unpaired.Error.Trim());
        Assert.Equal(1, corrupt.ExitCode);
        Assert.Contains(Path.Combine(adapted, "a.png"), corrupt.Error);
        Assert.Single(corrupt.Error.Trim().Split('\n'));
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("either --output URI or both --sources DIR and --adapted DIR", both.Error);
    }
}
