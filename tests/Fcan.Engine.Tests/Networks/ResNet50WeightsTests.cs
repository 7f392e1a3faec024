using Fcan.Engine.Networks;
using Fcan.Engine.Runtime;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Fcan.Engine.Tests.Networks;

/// <summary>ResNet-50 weights come from users' files; these tests write such files and load them back.</summary>
public sealed class ResNet50WeightsTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("fcan-r50-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("weights.safetensors")]
    [InlineData("weights.pt")]
    public void LoadsTorchvisionStateDictsExactly(string name)
    {
        TorchRuntime.EnsureCpu();
        manual_seed(50);
        using var original = ResNetTaps.ResNet50();
        original.eval();
        var file = Path.Combine(folder, name);
        if (name.EndsWith(".pt", StringComparison.Ordinal)) original.save_py(file);
        else original.save_safetensors(file);

        using var network = FeatureNetworks.LoadResNet50(file, EngineDevice.Cpu);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var input = randn(1, 3, 64, 64);
        var expected = original.forward(input);
        var actual = network.Forward(input);
        Assert.Equal(FeatureNetworks.ResNet50Id, network.Id);
        Assert.Equal([64L, 256, 512, 1024, 2048], network.TapChannels);
        for (var layer = 0; layer < 5; layer++) Assert.True(expected[layer].allclose(actual[layer], rtol: 0, atol: 0), $"tap {layer} differs");
    }

    [Fact]
    public void MismatchedWeightsNameTheFileAndTheFirstBadTensor()
    {
        TorchRuntime.EnsureCpu();
        using var wrong = ResNetTaps.CntkResNet18();
        var file = Path.Combine(folder, "resnet18.safetensors");
        wrong.save_safetensors(file);

        var error = Assert.Throws<WeightsFileException>(() => FeatureNetworks.LoadResNet50(file, EngineDevice.Cpu));
        Assert.Equal(file, error.File);
        Assert.Contains("'layer1.0.conv1.weight' has shape [64,64,3,3], expected [64,64,1,1]", error.Message);
    }

    [Fact]
    public void MissingTensorsAndUnreadableFilesAreNamed()
    {
        TorchRuntime.EnsureCpu();
        var partial = Path.Combine(folder, "partial.safetensors");
        using (var stem = nn.Conv2d(3, 64, 7, bias: false))
            nn.Sequential(("conv1", stem)).save_safetensors(partial);
        var missing = Assert.Throws<WeightsFileException>(() => FeatureNetworks.LoadResNet50(partial, EngineDevice.Cpu));
        Assert.Contains("'bn1.weight' is missing", missing.Message);

        var garbage = Path.Combine(folder, "garbage.pt");
        File.WriteAllText(garbage, "not a checkpoint");
        var unreadable = Assert.Throws<WeightsFileException>(() => FeatureNetworks.LoadResNet50(garbage, EngineDevice.Cpu));
        Assert.StartsWith(garbage, unreadable.Message);
    }
}
