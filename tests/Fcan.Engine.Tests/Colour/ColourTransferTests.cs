using Fcan.Engine.Colour;
using Fcan.Engine.Imaging;
using Fcan.Engine.Tests.Support;
using TorchSharp;
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

    [Fact]
    public void AHighContrastPoolDoesNotBlowOutAFramesRegions()
    {
        using var scope = NewDisposeScope();
        // A low-contrast frame of two grey regions, and a pool of near-black and near-white photographs (the
        // astronaut/rocket kind): the pool's lightness spread is many times the frame's.
        var frame = TwoRegions(64, 32, 150, 200);
        var pool = ColourMoments.Of([TestImages.Noise(7, 64, 32, [8, 8, 8], 4), TestImages.Noise(8, 64, 32, [245, 245, 245], 4)]);

        var moved = ColourTransfer.Apply(PlanarImage.Stack([frame], float64, CPU), pool, strength: 0.8);

        using Scalar black = 0, white = 255;
        var clipped = ((moved <= black) | (moved >= white)).any(1).to_type(float64).mean().item<double>();
        Assert.True(clipped < 0.05, $"{clipped:P0} of the pixels clipped at 0 or 255");
        var (left, right) = (moved[.., .., .., ..32].mean().item<double>(), moved[.., .., .., 32..].mean().item<double>());
        Assert.True(right - left > 30, $"regions {left:F0} and {right:F0} merged");
    }

    private static PlanarImage TwoRegions(int width, int height, float left, float right)
    {
        var planes = new float[3 * width * height];
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < height; y++)
                for (var x = 0; x < width; x++)
                    planes[(c * height + y) * width + x] = (x < width / 2 ? left : right) + (x + y) % 3;
        return new PlanarImage(width, height, planes);
    }
}
