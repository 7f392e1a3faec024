using Fcan.Engine.Baselines;
using Fcan.Engine.Imaging;
using Fcan.Engine.Runtime;
using Fcan.Engine.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Fcan.Engine.Tests.Baselines;

/// <summary>FDA's arithmetic: it swaps exactly the low-frequency amplitudes (colour transfer: Colour/ColourTransferTests).</summary>
public sealed class BaselineTests
{
    private const int W = 48, H = 32;

    [Fact]
    public void FdaBandZeroIsTheIdentity()
    {
        var source = TestImages.Smooth(5, W, H);

        Assert.Same(source, FourierDomainAdaptation.Apply(source, TestImages.Smooth(6, W, H), 0));
    }

    [Fact]
    public void FdaSwapsTheLowAmplitudesAndKeepsThePhaseAndTheHighFrequencies()
    {
        var (source, target) = (TestImages.Smooth(7, W, H), TestImages.Noise(8, W, H, [60, 120, 200], 25));
        const double band = 0.1;
        var half = (int)(band * Math.Min(W, H));

        var adapted = FourierDomainAdaptation.Apply(source, target, band);

        using var scope = NewDisposeScope();
        Tensor Spectrum(PlanarImage image) => fft.fftshift(fft.fft2(tensor(image.Planes, [3, H, W]).to(float64)), [-2, -1]);
        var (s, t, a) = (Spectrum(source), Spectrum(target), Spectrum(adapted));
        var window = zeros(H, W, dtype: @bool);
        using Scalar yes = true, strongAmplitude = 1000, pi = Math.PI, turn = 2 * Math.PI;
        window.narrow(0, H / 2 - half, 2 * half + 1).narrow(1, W / 2 - half, 2 * half + 1).fill_(yes);
        var (inside, outside) = (window.expand(3, H, W), window.logical_not().expand(3, H, W));
        // float32 pixels: compare spectra with a tolerance relative to the image's energy.
        const double tolerance = 0.5;
        Assert.True((a.abs() - t.abs())[inside].abs().max().item<double>() < tolerance);
        Assert.True((a - s)[outside].abs().max().item<double>() < tolerance);
        var strong = s.abs().gt(strongAmplitude);
        Assert.True(((a.angle() - s.angle()).Plus(pi).remainder(turn) - pi)[strong].abs().max().item<double>() < 1e-3);
        Assert.True((a.abs() - s.abs())[inside].abs().max().item<double>() > 1000, "the window must have changed");
    }

    [Fact]
    public void FdaPicksTheSameTargetForAKeyEveryTime()
    {
        var picks = Enumerable.Range(0, 50).Select(i => FourierDomainAdaptation.TargetIndex($"frame{i}", 7)).ToList();

        Assert.Equal(picks, Enumerable.Range(0, 50).Select(i => FourierDomainAdaptation.TargetIndex($"frame{i}", 7)));
        Assert.True(picks.Distinct().Count() > 3);
        Assert.All(picks, p => Assert.InRange(p, 0, 6));
    }
}
