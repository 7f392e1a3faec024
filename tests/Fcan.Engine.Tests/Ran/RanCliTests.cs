using System.Text.Json;
using Fcan.Data.Imaging;
using Fcan.Data.Synthetic;
using Fcan.Engine.Tests.Support;

namespace Fcan.Engine.Tests.Ran;

/// <summary>`fcan train`, `eval` and `predict` as users run them: the real executable on the synthetic mini dataset.</summary>
public sealed class RanCliTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("fcan-ran-cli-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void TrainsEvaluatesAndPredictsOnTheMiniDataset()
    {
        var data = SyntheticDataset.Generate(Path.Combine(folder, "data"), new SyntheticDatasetOptions { SourceImages = 3, TargetImages = 2, Width = 64, Height = 32 });
        var checkpoint = Path.Combine(folder, "ckpt");

        var train = Fcan("train", "--source", data.Source, "--target", data.Target, "--out", checkpoint,
            "--steps", "1", "--adversarial-steps", "1", "--batch", "1", "--crop", "32x32", "--seed", "3", "--json");
        Assert.True(train.ExitCode == 0, train.Error);
        using (var result = JsonDocument.Parse(train.Output))
        {
            Assert.Equal(2, result.RootElement.GetProperty("step").GetInt32());
            Assert.Equal("resnet18-cntk", result.RootElement.GetProperty("backbone").GetString());
            Assert.True(result.RootElement.GetProperty("discriminatorLoss").GetDouble() > 0);
        }
        Assert.True(File.Exists(Path.Combine(checkpoint, "checkpoint.json")));

        var again = Fcan("train", "--source", data.Source, "--target", data.Target, "--out", checkpoint, "--resume", "--steps", "5");
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("--steps", again.Error);

        var eval = Fcan("eval", "--checkpoint", checkpoint, "--dataset", data.Target, "--size", "64x32", "--json");
        Assert.True(eval.ExitCode == 0, eval.Error);
        using (var result = JsonDocument.Parse(eval.Output))
        {
            Assert.Equal(2, result.RootElement.GetProperty("images").GetInt32());
            Assert.Equal(19, result.RootElement.GetProperty("classes").GetArrayLength());
            Assert.InRange(result.RootElement.GetProperty("meanIoU").GetDouble(), 0, 1);
        }

        var maps = Path.Combine(folder, "maps");
        var predict = Fcan("predict", "--checkpoint", checkpoint, "--images", Path.Combine(data.Target, "leftImg8bit"), "--out", maps);
        Assert.True(predict.ExitCode == 0, predict.Error);
        var written = Directory.GetFiles(maps, "*.png", SearchOption.AllDirectories);
        Assert.Equal(2, written.Length);
        var (width, height, ids) = LabelMapCodec.Decode(File.ReadAllBytes(written[0]), written[0]);
        Assert.Equal((64, 32), (width, height));
        Assert.All(ids, id => Assert.InRange(id, 0, 18));

        // Evaluation needs labels: a folder of plain images gets one line, not an mIoU of nothing.
        var unlabeled = Directory.CreateDirectory(Path.Combine(folder, "unlabeled")).FullName;
        File.WriteAllBytes(Path.Combine(unlabeled, "a.png"), ImageCodec.EncodePng(TestImages.Smooth(1, 64, 32).ToRgb()));
        var noLabels = Fcan("eval", "--checkpoint", checkpoint, "--dataset", unlabeled, "--layout", "folder");
        Assert.Equal(1, noLabels.ExitCode);
        Assert.Contains("has no label", noLabels.Error);
        Assert.Single(noLabels.Error.Trim().Split('\n'));
    }

    /// <summary>The backbone comes from a torchvision file here; `eval` rebuilds it from the checkpoint alone. One
    /// source-only step at the smallest crop: ResNet-50's checkpoint (weights and momentum) is 430 MB already.</summary>
    [Fact]
    public void TrainsAResNet50FromAWeightsFileAndEvaluatesItsCheckpoint()
    {
        var data = SyntheticDataset.Generate(Path.Combine(folder, "data"), new SyntheticDatasetOptions { SourceImages = 2, TargetImages = 2, Width = 64, Height = 32 });
        var weights = Path.Combine(folder, "resnet50.safetensors");
        var state = TorchvisionWeightsFixture.Random(TorchvisionWeightsFixture.ResNet50Blocks, seed: 5);
        TorchvisionWeightsFixture.Write(state, weights);
        foreach (var tensor in state.Values) tensor.Dispose();
        var checkpoint = Path.Combine(folder, "ckpt");

        var train = Fcan("train", "--source", data.Source, "--target", data.Target, "--out", checkpoint, "--backbone", "resnet50",
            "--weights", weights, "--steps", "1", "--adversarial-steps", "0", "--batch", "1", "--crop", "16x16", "--json");
        Assert.True(train.ExitCode == 0, train.Error);
        using (var result = JsonDocument.Parse(train.Output))
        {
            Assert.Equal(1, result.RootElement.GetProperty("step").GetInt32());
            Assert.Equal("resnet50", result.RootElement.GetProperty("backbone").GetString());
            Assert.True(double.IsFinite(result.RootElement.GetProperty("segmentationLoss").GetDouble()));
        }

        var eval = Fcan("eval", "--checkpoint", checkpoint, "--dataset", data.Target, "--size", "64x32", "--json");
        Assert.True(eval.ExitCode == 0, eval.Error);
        using (var result = JsonDocument.Parse(eval.Output))
        {
            Assert.Equal(2, result.RootElement.GetProperty("images").GetInt32());
            Assert.InRange(result.RootElement.GetProperty("meanIoU").GetDouble(), 0, 1);
        }
    }

    [Fact]
    public void BadInputGetsOneLineAndTheRightExitCode()
    {
        var data = SyntheticDataset.Generate(Path.Combine(folder, "data"), new SyntheticDatasetOptions { SourceImages = 1, TargetImages = 1, Width = 64, Height = 32 });

        var missing = Fcan("eval", "--checkpoint", Path.Combine(folder, "none"), "--dataset", data.Target);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no such file or folder", missing.Error);

        var emptyCheckpoint = Directory.CreateDirectory(Path.Combine(folder, "empty")).FullName;
        var noCheckpoint = Fcan("eval", "--checkpoint", emptyCheckpoint, "--dataset", data.Target);
        Assert.Equal(1, noCheckpoint.ExitCode);
        Assert.Contains("no RAN checkpoint", noCheckpoint.Error);

        var backbone = Fcan("train", "--source", data.Source, "--target", data.Target, "--out", Path.Combine(folder, "c"), "--backbone", "resnet34");
        Assert.Equal(2, backbone.ExitCode);
        Assert.Contains("resnet34", backbone.Error);

        var weights = Fcan("train", "--source", data.Source, "--target", data.Target, "--out", Path.Combine(folder, "c"), "--backbone", "resnet50");
        Assert.Equal(2, weights.ExitCode);
        Assert.Contains("--weights", weights.Error);

        var absent = Path.Combine(folder, "absent.safetensors");
        var missingWeights = Fcan("train", "--source", data.Source, "--target", data.Target, "--out", Path.Combine(folder, "c"), "--backbone", "resnet50", "--weights", absent);
        Assert.Equal(1, missingWeights.ExitCode);
        Assert.Contains($"{absent}: file not found", missingWeights.Error);

        var crop = Fcan("train", "--source", data.Source, "--target", data.Target, "--out", Path.Combine(folder, "c"), "--crop", "30x30");
        Assert.Equal(2, crop.ExitCode);
        Assert.Contains("multiples of 8", crop.Error);

        foreach (var result in new[] { missing, noCheckpoint, backbone, weights, missingWeights, crop })
            Assert.Single(result.Error.Trim().Split('\n'));
    }

    private ProcessRunner.Result Fcan(params string[] arguments) =>
        ProcessRunner.Fcan(["--home", Path.Combine(folder, "home"), .. arguments]);
}
