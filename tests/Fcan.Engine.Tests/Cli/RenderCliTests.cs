using Fcan.Data.Imaging;
using Fcan.Engine.Imaging;
using Fcan.Engine.Networks;
using Fcan.Engine.Runtime;
using Fcan.Engine.Style;
using Fcan.Engine.Tests.Support;

namespace Fcan.Engine.Tests.Cli;

/// <summary>`fcan render` as operators use it: the real executable, real files, exit codes and one-line errors.</summary>
public sealed class RenderCliTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("fcan-render-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Png(string name, int width, int height, int seed) =>
        Write(name, ImageCodec.EncodePng(TestImages.Smooth(seed, width, height).ToRgb()));

    [Fact]
    public void RendersPngToJpegAndWritesTheLossLog()
    {
        var source = Png("source.png", 64, 64, 1);
        var target = Png("target.png", 96, 64, 2);
        var output = Path.Combine(folder, "out.jpg");
        var log = Path.Combine(folder, "loss.jsonl");

        var result = ProcessRunner.Fcan(["render", "--source", source, "--target", target, "--out", output,
            "--iterations", "4", "--seed", "3", "--loss-log", log, "--json"]);

        Assert.True(result.ExitCode == 0, result.Error);
        var decoded = ImageCodec.DecodeRgb(File.ReadAllBytes(output), output);
        Assert.Equal((64, 64), (decoded.Width, decoded.Height));
        var lines = File.ReadAllLines(log);
        Assert.Equal(4, lines.Length);
        Assert.Contains("\"iteration\":4", lines[3]);
        Assert.Contains("\"style\":", lines[0]);
        Assert.Contains("\"output\":", result.Output);
    }

    [Fact]
    public void AStatisticsFileAsThePoolRendersLikeItsImages()
    {
        var source = Png("source.png", 64, 64, 1);
        var target = Png("target.png", 96, 64, 2);
        var pool = Path.Combine(folder, "pool.fcanstyle");
        using (var network = FeatureNetworks.LoadResNet18(EngineDevice.Cpu))
        {
            var builder = new StylePoolBuilder(network);
            builder.Add(ImageCodec.DecodeRgb(File.ReadAllBytes(target), target));
            using var file = File.Create(pool);
            builder.Build().WriteTo(file);
        }
        // A statistics file holds no colours, so the renders start from the source.
        string[] settings = ["--source", source, "--iterations", "2", "--seed", "4", "--init", "source"];

        var fromImages = ProcessRunner.Fcan(["render", .. settings, "--target", target, "--out", Path.Combine(folder, "a.npy")]);
        var fromPool = ProcessRunner.Fcan(["render", .. settings, "--pool", pool, "--out", Path.Combine(folder, "b.npy")]);

        Assert.True(fromImages.ExitCode == 0, fromImages.Error);
        Assert.True(fromPool.ExitCode == 0, fromPool.Error);
        Assert.Equal(File.ReadAllBytes(Path.Combine(folder, "a.npy")), File.ReadAllBytes(Path.Combine(folder, "b.npy")));
    }

    [Fact]
    public void BadImagesGiveOneLineErrorsNamingTheFile()
    {
        var good = Png("good.png", 64, 64, 1);
        var truncatedPng = ImageCodec.EncodePng(TestImages.Smooth(2, 64, 64).ToRgb());
        var planes = TestImages.Smooth(3, 64, 64).Planes;
        var withNaN = (float[])planes.Clone();
        withNaN[100] = float.NaN;

        var cases = new (string File, string Reason)[]
        {
            (Write("truncated.png", truncatedPng[..(truncatedPng.Length / 2)]), "truncated"),
            (Write("text.png", "hello"u8.ToArray()), "not a readable PNG or JPEG"),
            (Write("nan.npy", NpyFormat.Write(new PlanarImage(64, 64, withNaN))), "NaN"),
            (Write("gray.npy", Npy1Channel()), "is not [3,H,W]"),
            (Png("small.png", 16, 64, 4), "smaller than"),
            (Png("odd.png", 70, 64, 5), "multiples of 32"),
            (Path.Combine(folder, "missing.png"), "not found"),
        };
        foreach (var (file, reason) in cases)
        {
            var result = ProcessRunner.Fcan(["render", "--source", file, "--target", good, "--out", Path.Combine(folder, "o.png"), "--iterations", "1"]);
            Assert.True(result.ExitCode == 1, $"{file}: exit {result.ExitCode}, {result.Error}");
            var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains(file, line);
            Assert.Contains(reason, line);
        }
    }

    [Theory]
    [InlineData("--step-norm", "l2")]
    [InlineData("--content-weights", "1,2")]
    [InlineData("--device", "tpu")]
    [InlineData("--backbone", "vgg")]
    [InlineData("--iterations", "0")]
    public void BadOptionsAreUsageErrors(string option, string value)
    {
        var good = Png("good.png", 64, 64, 1);
        var result = ProcessRunner.Fcan(["render", "--source", good, "--target", good, "--out", Path.Combine(folder, "o.png"), option, value]);
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void AnExplicitOptionOverridesThePreset()
    {
        var source = Png("source.png", 64, 64, 1);
        var target = Png("target.png", 64, 64, 2);
        var log = Path.Combine(folder, "fast.jsonl");
        var result = ProcessRunner.Fcan(["render", "--source", source, "--target", target, "--out", Path.Combine(folder, "f.png"),
            "--preset", "fast", "--iterations", "3", "--loss-log", log, "--json"]);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("\"preset\": \"fast\"", result.Output);
        Assert.Equal(3, File.ReadAllLines(log).Length);

        var unknown = ProcessRunner.Fcan(["render", "--source", source, "--target", target, "--out", Path.Combine(folder, "u.png"), "--preset", "best"]);
        Assert.Equal(2, unknown.ExitCode);
    }

    [Fact]
    public void AColourInitWithAStatisticsFileIsAUsageError()
    {
        var good = Png("good.png", 64, 64, 1);
        var pool = Path.Combine(folder, "none.fcanstyle");
        var result = ProcessRunner.Fcan(["render", "--source", good, "--pool", pool, "--out", Path.Combine(folder, "o.png")]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--init source", Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public void NeedsExactlyOneStyleSource()
    {
        var good = Png("good.png", 64, 64, 1);
        var result = ProcessRunner.Fcan(["render", "--source", good, "--out", Path.Combine(folder, "o.png")]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--target", result.Error);
    }

    [Fact]
    public void CudaThatIsNotThereIsAClearError()
    {
        var good = Png("good.png", 64, 64, 1);
        var args = new[] { "render", "--source", good, "--target", good, "--out", Path.Combine(folder, "o.png"), "--device", "cuda" };

        var unset = ProcessRunner.Fcan(args, new Dictionary<string, string> { ["FCAN_LIBTORCH_DIR"] = "" });
        Assert.Equal(1, unset.ExitCode);
        Assert.Contains("CUDA is not available: FCAN_LIBTORCH_DIR is unset", unset.Error);

        var wrong = ProcessRunner.Fcan(args, new Dictionary<string, string> { ["FCAN_LIBTORCH_DIR"] = folder });
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains($"{Path.Combine(folder, "libc10.so")} does not exist", wrong.Error);
        Assert.StartsWith("fcan: libtorch for CUDA", wrong.Error);
    }

    private static byte[] Npy1Channel()
    {
        var bytes = NpyFormat.Write(new PlanarImage(64, 64, new float[3 * 64 * 64]));
        var header = System.Text.Encoding.Latin1.GetString(bytes, 0, 128).Replace("(3, 64, 64)", "(1, 64, 64)");
        return [.. System.Text.Encoding.Latin1.GetBytes(header), .. bytes[128..]];
    }
}
