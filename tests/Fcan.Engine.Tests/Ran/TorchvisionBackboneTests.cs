using Fcan.Data.Datasets;
using Fcan.Engine.Segmentation;
using TorchSharp;
using static TorchSharp.torch;

namespace Fcan.Engine.Tests.Ran;

/// <summary>
/// A ResNet-50/101 backbone loaded from a user's torchvision weights file through the entry point `fcan train
/// --backbone resnet50|resnet101 --weights FILE` uses: the file's tensors, the output stride and the dilation.
/// </summary>
public abstract class TorchvisionBackboneTests<TFixture>(TFixture files, int height, int width) : IClassFixture<TFixture>
    where TFixture : TorchvisionWeightsFixture
{
    protected TFixture Files { get; } = files;

    [Fact]
    public void EveryBackboneTensorIsTheFilesAndTheClassifierIsIgnored() => AssertBackboneHolds(Files.Network);

    [Fact]
    public void FeaturesComeAtAnEighthWith2048ChannelsAndLogitsAtTheInputSize()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var output = Files.Network.forward(Rgb(seed: 1));
        Assert.Equal(new long[] { 1, 2048, height / 8, width / 8 }, output.Features.shape);
        Assert.Equal(new long[] { 1, CityscapesLabels.ClassCount, height, width }, output.Logits.shape);
        Assert.True(output.Logits.isfinite().all().item<bool>());
    }

    /// <summary>The PyTorch reference dilates layer3 by 2 and layer4 by 4 at stride 1. Other rates change these
    /// features well beyond the tolerance: reference rates 1/1, 2/2 and 1/4 for layer3/layer4 all fail this test.</summary>
    [Fact]
    public void FeaturesMatchADilatedPyTorchReference()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var rgb = Rgb(seed: 2);
        var expected = DilatedResNetOracle.Features(Files.Safetensors, rgb, Files.Folder);
        var actual = Files.Network.forward(rgb).Features;
        Assert.Equal(expected.shape, actual.shape);
        var worst = (actual - expected).abs().max().item<float>();
        var scale = expected.abs().max().item<float>();
        Assert.True(scale > 0 && worst <= 1e-4 * scale, $"features differ by up to {worst} (largest {scale})");
    }

    /// <summary>The network's backbone holds exactly the file's tensors, under torchvision's names, and nothing else.</summary>
    protected void AssertBackboneHolds(SegmentationNetwork network)
    {
        const string prefix = "backbone.";
        var backbone = network.state_dict()
            .Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal) && !p.Key.EndsWith("num_batches_tracked", StringComparison.Ordinal))
            .ToDictionary(p => p.Key[prefix.Length..], p => p.Value);
        var trunk = Files.Weights.Keys
            .Where(k => !k.StartsWith("fc.", StringComparison.Ordinal) && !k.EndsWith("num_batches_tracked", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(trunk.Order(StringComparer.Ordinal), backbone.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(network.state_dict().Keys, k => k.Contains("fc.", StringComparison.Ordinal));
        foreach (var name in trunk)
            Assert.True(backbone[name].equal(Files.Weights[name]).all().item<bool>(), $"'{name}' differs from the file's");
    }

    private Tensor Rgb(ulong seed)
    {
        using var generator = new Generator(seed);
        using Scalar white = 255;
        return rand([1, 3, height, width], generator: generator) * white;
    }
}
