using Fcan.Engine.Ran;
using Fcan.Engine.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Fcan.Engine.Tests.Ran;

/// <summary>What the networks return, on sizes that don't divide evenly.</summary>
public sealed class SegmentationShapeTests
{
    [Theory]
    [InlineData(7, 5)]
    [InlineData(1, 1)]
    [InlineData(6, 9)]
    public void TheDiscriminatorGivesOneScorePerPosition(int height, int width)
    {
        TorchRuntime.EnsureCpu();
        using var discriminator = new DomainDiscriminator(16);
        using var scope = NewDisposeScope();
        var scores = discriminator.forward(randn(2, 16, height, width));
        Assert.Equal(new long[] { 2, 1, height, width }, scores.shape);
    }

    [Fact]
    public void TheNetworkGivesFeaturesAtAnEighthAndLogitsAtTheInputSize()
    {
        TorchRuntime.EnsureCpu();
        using var network = TinyRan.Network();
        using var scope = NewDisposeScope();
        using Scalar white = 255;
        var output = network.forward(rand(1, 3, 24, 40) * white);
        Assert.Equal(new long[] { 1, network.FeatureChannels, 3, 5 }, output.Features.shape);
        Assert.Equal(new long[] { 1, 19, 24, 40 }, output.Logits.shape);
        Assert.True(output.Logits.isfinite().all().item<bool>());
    }
}
