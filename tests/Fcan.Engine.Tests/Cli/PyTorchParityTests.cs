using System.Text.Json;
using Fcan.Engine.Imaging;
using Fcan.Engine.Networks;
using Fcan.Engine.Tests.Support;

namespace Fcan.Engine.Tests.Cli;

/// <summary>
/// The parity protocol of ../shared/spec/aan.md: `fcan render` and an independent PyTorch implementation
/// (Oracle/aan_oracle.py, Debian's python3-torch) get the same files and settings at 64x128, beta 1, 6 iterations,
/// float32 on CPU; loss curves must agree within 1e-4 relative and final images within 0.05.
/// </summary>
public sealed class PyTorchParityTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("fcan-parity-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("mean-abs", "0,0,0,1,1", "1,1,1,1,1", "1e-14")]
    [InlineData("mean-abs", "1,0,1,0,1", "0,1,1,1,0", "1e-11")]
    public void RenderMatchesThePyTorchOracle(string stepNorm, string contentWeights, string styleWeights, string alpha)
    {
        string Npy(string name, PlanarImage image)
        {
            var path = Path.Combine(folder, name);
            File.WriteAllBytes(path, NpyFormat.Write(image));
            return path;
        }
        var source = Npy("source.npy", TestImages.Smooth(1, 128, 64));
        var targets = new[] { Npy("t1.npy", TestImages.Smooth(2, 128, 64)), Npy("t2.npy", TestImages.Smooth(3, 128, 64)) };
        var init = Npy("init.npy", TestImages.Noise(4, 128, 64));
        string[] settings = ["--iterations", "6", "--beta", "1", "--alpha", alpha, "--content-weights", contentWeights,
            "--style-weights", styleWeights, "--step-norm", stepNorm, "--init", init];
        string Out(string name) => Path.Combine(folder, name);

        var ours = ProcessRunner.Fcan(["render", "--preset", "paper", "--source", source, "--target", .. targets, "--out", Out("fcan.npy"), "--loss-log", Out("fcan.jsonl"), .. settings]);
        Assert.True(ours.ExitCode == 0, ours.Error);
        var oracle = ProcessRunner.Oracle(["--onnx", FeatureNetworks.PackagedResNet18Path, "--source", source, "--target", .. targets,
            "--out", Out("torch.npy"), "--loss-log", Out("torch.jsonl"), .. settings]);
        Assert.True(oracle.ExitCode == 0, oracle.Error);

        var ourLog = ReadLog(Out("fcan.jsonl"));
        var theirLog = ReadLog(Out("torch.jsonl"));
        Assert.Equal(6, ourLog.Count);
        Assert.Equal(theirLog.Count, ourLog.Count);
        foreach (var (a, b) in ourLog.Zip(theirLog))
            foreach (var term in new[] { "loss", "content", "style" })
                Assert.True(Math.Abs(a[term] - b[term]) <= 1e-4 * Math.Abs(b[term]) + 1e-9,
                    $"iteration {a["iteration"]} {term}: fcan {a[term]}, PyTorch {b[term]}");

        var ourImage = NpyFormat.Read(File.ReadAllBytes(Out("fcan.npy")), "fcan.npy");
        var theirImage = NpyFormat.Read(File.ReadAllBytes(Out("torch.npy")), "torch.npy");
        var worst = ourImage.Planes.Zip(theirImage.Planes, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst <= 0.05, $"final images differ by up to {worst}");
        // The render moved: the comparison is not between two copies of the init.
        var init0 = NpyFormat.Read(File.ReadAllBytes(init), "init.npy");
        Assert.True(ourImage.Planes.Zip(init0.Planes, (a, b) => Math.Abs(a - b)).Average() > 1);
    }

    private static List<Dictionary<string, double>> ReadLog(string path) =>
        File.ReadAllLines(path).Select(line => JsonSerializer.Deserialize<Dictionary<string, double>>(line)!).ToList();
}
