using Fcan.Engine.Colour;
using Fcan.Engine.Imaging;
using Fcan.Engine.Tests.Support;
using static TorchSharp.torch;

namespace Fcan.Engine.Tests.Colour;

public class ColourTransferTests
{
    [Fact]
    public void LabRoundTripsRgb()
    {
        using var scope = NewDisposeScope();
        var rgb = PlanarImage.Stack([TestImages.Smooth(1, 32, 16)], float64, CPU);
        var back = ColourTransfer.FromLab(ColourTransfer.ToLab(rgb));
        Assert.True((back - rgb).abs().max().item<double>() < 1e-6);
    }

    [Fact]
    public void FullStrengthGivesTheTargetsMomentsAndZeroStrengthKeepsTheImage()
    {
        using var scope = NewDisposeScope();
        // Mid-tone images, so nothing is clipped at 0 or 255 and the moments are exact.
        var source = TestImages.Noise(2, 64, 32, [120, 110, 100], 12);
        var target = ColourMoments.Of([TestImages.Noise(3, 64, 32, [100, 120, 90], 8), TestImages.Noise(4, 64, 32, [110, 115, 95], 6)]);
        var rgb = PlanarImage.Stack([source], float64, CPU);

        var moved = ColourMoments.Of(PlanarImage.Unstack(ColourTransfer.Apply(rgb, target, strength: 1)));
        for (var c = 0; c < 3; c++)
        {
            Assert.Equal(target.Mean[c], moved.Mean[c], 4);
            Assert.Equal(target.Std[c], moved.Std[c], 4);
        }
        Assert.True((ColourTransfer.Apply(rgb, target, strength: 0) - rgb).abs().max().item<double>() < 1e-3);
    }

    [Fact]
    public void HalfStrengthStopsHalfWay()
    {
        using var scope = NewDisposeScope();
        var source = TestImages.Noise(5, 64, 32, [120, 110, 100], 12);
        var target = ColourMoments.Of([TestImages.Noise(6, 64, 32, [90, 120, 100], 6)]);
        var before = ColourMoments.Of([source]);
        var half = ColourMoments.Of(PlanarImage.Unstack(ColourTransfer.Apply(PlanarImage.Stack([source], float64, CPU), target, 0.5)));
        for (var c = 0; c < 3; c++) Assert.Equal((before.Mean[c] + target.Mean[c]) / 2, half.Mean[c], 4);
    }
}
