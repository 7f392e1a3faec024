using Fcan.Engine.Quality;
using Fcan.Engine.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Fcan.Engine.Tests.Quality;

/// <summary>Each quality measure on images whose answer is known by construction.</summary>
public sealed class QualityMeasureTests
{
    private const int W = 64, H = 32;

    [Fact]
    public void ColourGapIsZeroForTheTargetsOwnColoursAndOneForUnchangedSources()
    {
        var target = new[] { QualityImages.Waves(1, W, H), QualityImages.Waves(2, W, H) };
        var source = new[] { QualityImages.Coloured(W, H, QualityImages.Bands(W, H), QualityImages.Palette) };
        var (targetFit, sourceFit) = (ColourFit.Of(target), ColourFit.Of(source));

        Assert.Equal(0, ColourGap.Of(ColourFit.Of(target), sourceFit, targetFit)!.Value, 6);
        Assert.Equal(1, ColourGap.Of(sourceFit, sourceFit, targetFit)!.Value, 12);
        Assert.Null(ColourGap.Of(sourceFit, targetFit, targetFit));
    }

    [Fact]
    public void FrechetDistanceOfTwoGaussiansMatchesItsClosedForm()
    {
        // Diagonal covariances commute: d² = |Δμ|² + Σ (σa - σb)².
        var a = new ColourFit([10, 20, 30], [4, 0, 0, 0, 9, 0, 0, 0, 16]);
        var b = new ColourFit([13, 24, 30], [1, 0, 0, 0, 9, 0, 0, 0, 25]);

        Assert.Equal(9 + 16 + 1 + 0 + 1, ColourGap.FrechetDistance(a, b), 9);
    }

    [Fact]
    public void DetailGapIsZeroAtTheTargetsEnergyAndOneWhenUnchanged()
    {
        var (noise, flatBands) = (QualityImages.Noise(1, W, H), QualityImages.Coloured(W, H, QualityImages.Bands(W, H), QualityImages.Palette));
        var (target, source) = (DetailGap.Energy(noise), DetailGap.Energy(flatBands));

        Assert.Equal(0, DetailGap.Of(target, source, target)!.Value, 12);
        Assert.Equal(1, DetailGap.Of(source, source, target)!.Value, 12);
        Assert.Equal(0, DetailGap.Energy(QualityImages.Flat(W, H, 90)), 12);
        // A 3x3 Laplacian of a vertical step of h grey levels: |h| on each side of the step, 0 elsewhere.
        var step = new Fcan.Data.Imaging.RgbImage(8, 8, Enumerable.Range(0, 64).SelectMany(p => Enumerable.Repeat((byte)(p % 8 < 4 ? 0 : 100), 3)).ToArray());
        Assert.Equal(2 * 100.0 * 6 / 36, DetailGap.Energy(step), 9);
    }

    [Fact]
    public void StructureKeptIsOneForLabelColouredImagesAndLowForNoise()
    {
        var labels = QualityImages.Bands(W, H);

        Assert.Equal(1, StructureKept.Of(QualityImages.Coloured(W, H, labels, QualityImages.Palette), labels));
        Assert.InRange(StructureKept.Of(QualityImages.Noise(3, W, H), labels), 0, 0.45);
    }

    [Fact]
    public void StructureKeptLeavesIgnoredPixelsOut()
    {
        var labels = QualityImages.Bands(W, H);
        var image = QualityImages.Coloured(W, H, labels, QualityImages.Palette);
        // Paint the top band in noise and mark it ignored: what is left is still perfectly separable.
        var noise = QualityImages.Noise(4, W, H);
        for (var p = 0; p < W * H / 4; p++)
        {
            labels[p] = StructureKept.Ignore;
            for (var c = 0; c < 3; c++) image.Pixels[3 * p + c] = noise.Pixels[3 * p + c];
        }

        Assert.Equal(1, StructureKept.Of(image, labels));
    }

    [Fact]
    public void SsimIsOneForTheSameImageAndLowAgainstNoise()
    {
        var image = QualityImages.Waves(5, W, H);

        Assert.Equal(1, LuminanceSsim.Of(image, image), 9);
        Assert.InRange(LuminanceSsim.Of(image, QualityImages.Noise(6, W, H)), -0.2, 0.2);
    }

    [Fact]
    public void EdgeF1ToleratesAOnePixelShiftButNotAMissingEdge()
    {
        var bands = QualityImages.Coloured(W, H, QualityImages.Bands(W, H), QualityImages.Palette);
        var stripes = new Fcan.Data.Imaging.RgbImage(W, H, Enumerable.Range(0, W * H).SelectMany(p => Enumerable.Repeat((byte)(p % W / 8 % 2 * 200), 3)).ToArray());

        Assert.Equal(1, EdgeF1.Of(bands, bands));
        Assert.Equal(1, EdgeF1.Of(QualityImages.Shifted(stripes, 1), stripes));
        Assert.True(EdgeF1.Of(QualityImages.Shifted(stripes, 3), stripes) < 0.5);
        Assert.Equal(0, EdgeF1.Of(QualityImages.Flat(W, H, 100), stripes));
        Assert.Equal(1, EdgeF1.Of(QualityImages.Flat(W, H, 100), QualityImages.Flat(W, H, 30)));
    }

    [Fact]
    public void KidIsAboutZeroForOneDistributionAndGrowsWithTheShift()
    {
        using var scope = NewDisposeScope();
        using var generator = new TorchSharp.torch.Generator(7);
        Tensor Sample(double shift) => randn([300, 16], float64, generator: generator).Plus(tensor(shift));

        var same = KernelInceptionDistance.Of(Sample(0), Sample(0));
        var shifted = KernelInceptionDistance.Of(Sample(0), Sample(0.5));
        var further = KernelInceptionDistance.Of(Sample(0), Sample(1));

        Assert.InRange(same, -0.05, 0.05);
        Assert.True(shifted > 10 * Math.Abs(same), $"{shifted} vs {same}");
        Assert.True(further > shifted, $"{further} vs {shifted}");
    }

    [Fact]
    public void KidMatchesTheUnbiasedEstimateWrittenOut()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { 1, 0, 0, 1, 1, 1 }, [3, 2], float64);
        var y = tensor(new double[] { 2, 0, 0, 2 }, [2, 2], float64);
        double K(double[] a, double[] b) => Math.Pow((a[0] * b[0] + a[1] * b[1]) / 2 + 1, 3);
        double[][] xs = [[1, 0], [0, 1], [1, 1]], ys = [[2, 0], [0, 2]];
        var xx = (from i in xs.Index() from j in xs.Index() where i.Index != j.Index select K(i.Item, j.Item)).Average();
        var yy = (from i in ys.Index() from j in ys.Index() where i.Index != j.Index select K(i.Item, j.Item)).Average();
        var xy = (from a in xs from b in ys select K(a, b)).Average();

        Assert.Equal(xx + yy - 2 * xy, KernelInceptionDistance.Of(x, y), 12);
    }
}
