using Fcan.Engine.Networks;
using Fcan.Engine.Runtime;
using Fcan.Engine.Segmentation;

namespace Fcan.Engine.Tests.Ran;

/// <summary>ResNet-50 from a user's torchvision weights file, and the one-line errors bad files get.</summary>
public sealed class ResNet50BackboneTests(ResNet50Fixture files) : TorchvisionBackboneTests<ResNet50Fixture>(files, height: 48, width: 64)
{
    [Fact]
    public void PtFilesLoadTheSameTensors()
    {
        using var network = SegmentationNetworks.Pretrained(SegmentationBackbone.ResNet50, Files.Pt, EngineDevice.Cpu);
        AssertBackboneHolds(network);
    }

    [Fact]
    public void AResNet50FileGivenForResNet101NamesTheFirstMissingTensor()
    {
        var error = Assert.Throws<WeightsFileException>(
            () => SegmentationNetworks.Pretrained(SegmentationBackbone.ResNet101, Files.Safetensors, EngineDevice.Cpu));
        Assert.Equal(Files.Safetensors, error.File);
        Assert.Equal($"{Files.Safetensors}: tensor 'layer3.6.conv1.weight' is missing", error.Message);
    }

    [Fact]
    public void AMismatchedTensorIsNamedWithBothShapes()
    {
        // The stem as it should be, then a 3x3 kernel where ResNet-50's first bottleneck has a 1x1 (a ResNet-18/34 file).
        var weights = Files.Weights.Where(p => p.Key.StartsWith("conv1.", StringComparison.Ordinal) || p.Key.StartsWith("bn1.", StringComparison.Ordinal))
            .ToDictionary();
        using var wrong = TorchSharp.torch.zeros(64, 64, 3, 3);
        weights["layer1.0.conv1.weight"] = wrong;
        var file = Path.Combine(Files.Folder, "resnet34.safetensors");
        TorchvisionWeightsFixture.Write(weights, file);

        var error = Assert.Throws<WeightsFileException>(() => SegmentationNetworks.Pretrained(SegmentationBackbone.ResNet50, file, EngineDevice.Cpu));
        Assert.Equal($"{file}: tensor 'layer1.0.conv1.weight' has shape [64,64,3,3], expected [64,64,1,1]", error.Message);
    }

    [Theory]
    [InlineData(".safetensors")]
    [InlineData(".pt")]
    public void ATruncatedFileIsNamed(string extension)
    {
        var whole = File.ReadAllBytes(extension == ".pt" ? Files.Pt : Files.Safetensors);
        var file = Path.Combine(Files.Folder, "truncated" + extension);
        File.WriteAllBytes(file, whole[..(whole.Length / 2)]);

        var error = Assert.Throws<WeightsFileException>(() => SegmentationNetworks.Pretrained(SegmentationBackbone.ResNet50, file, EngineDevice.Cpu));
        Assert.Equal(file, error.File);
        Assert.StartsWith($"{file}: not a readable", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void AMissingFileIsNamed()
    {
        var file = Path.Combine(Files.Folder, "absent.safetensors");
        var error = Assert.Throws<WeightsFileException>(() => SegmentationNetworks.Pretrained(SegmentationBackbone.ResNet50, file, EngineDevice.Cpu));
        Assert.Equal($"{file}: file not found", error.Message);
    }
}
