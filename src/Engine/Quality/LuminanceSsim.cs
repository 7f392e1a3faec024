using Fcan.Data.Imaging;
using Fcan.Engine.Runtime;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Fcan.Engine.Quality;

/// <summary>
/// Structural similarity of two same-size images' luminance (Wang et al. 2004): an 11x11 Gaussian window with σ 1.5,
/// C1 = (0.01·255)², C2 = (0.03·255)², the mean of the SSIM map over valid window positions. 1 = the same structure.
/// </summary>
public static class LuminanceSsim
{
    private const int Window = 11;
    private const double Sigma = 1.5;
    private const double C1 = 0.01 * 255 * 0.01 * 255;
    private const double C2 = 0.03 * 255 * 0.03 * 255;

    public static double Of(RgbImage a, RgbImage b)
    {
        if ((a.Width, a.Height) != (b.Width, b.Height))
            throw new ArgumentException($"SSIM compares same-size images, not {a.Width}x{a.Height} and {b.Width}x{b.Height}");
        using var scope = NewDisposeScope();
        var (x, y) = (ImageTensors.Luminance(a), ImageTensors.Luminance(b));
        // Images smaller than the window get the largest odd window that fits.
        var shortSide = Math.Min(a.Width, a.Height);
        var window = Gaussian(Math.Min(Window, shortSide % 2 == 1 ? shortSide : shortSide - 1));
        Tensor Blur(Tensor t) => conv2d(t, window);
        var (meanX, meanY) = (Blur(x), Blur(y));
        var varianceX = Blur(x * x) - meanX * meanX;
        var varianceY = Blur(y * y) - meanY * meanY;
        var covariance = Blur(x * y) - meanX * meanY;
        using Scalar two = 2, c1 = C1, c2 = C2;
        var map = (two * meanX * meanY).Plus(c1) * (two * covariance).Plus(c2)
                  / ((meanX * meanX).Plus(meanY * meanY).Plus(c1) * varianceX.Plus(varianceY).Plus(c2));
        return map.mean().item<double>();
    }

    /// <summary>A normalised Gaussian window of odd side <paramref name="side"/> as [1,1,side,side].</summary>
    private static Tensor Gaussian(int side)
    {
        using Scalar start = 0, end = side, step = 1, centre = (side - 1) / 2.0, spread = 2 * Sigma * Sigma;
        var offsets = arange(start, end, step, dtype: float64) - centre;
        var profile = (-offsets.Squared() / spread).exp();
        profile /= profile.sum();
        return profile.outer(profile).reshape(1, 1, side, side);
    }
}
