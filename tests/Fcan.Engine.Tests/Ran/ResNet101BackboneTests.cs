using Fcan.Engine.Networks;
using Fcan.Engine.Runtime;
using Fcan.Engine.Segmentation;

namespace Fcan.Engine.Tests.Ran;

/// <summary>ResNet-101 from a user's torchvision weights file, on a tiny input (the network alone is 170 MB).</summary>
public sealed class ResNet101BackboneTests(ResNet101Fixture files) : TorchvisionBackboneTests<ResNet101Fixture>(files, height: 32, width: 40)
{
    /// <summary>ResNet-101's tensors are a superset of ResNet-50's names: loading one as the other must not quietly
    /// drop 17 of layer3's blocks.</summary>
    [Fact]
    public void AResNet101FileGivenForResNet50NamesTheFirstTensorItHasNoPlaceFor()
    {
        var error = Assert.Throws<WeightsFileException>(
            () => SegmentationNetworks.Pretrained(SegmentationBackbone.ResNet50, Files.Safetensors, EngineDevice.Cpu));
        Assert.Equal(Files.Safetensors, error.File);
        Assert.StartsWith($"{Files.Safetensors}: tensor 'layer3.6.conv1.weight' is not in this network", error.Message);
    }
}
