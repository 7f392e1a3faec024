using Fcan.Data.Imaging;
using Fcan.Engine.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Fcan.Engine.Quality;

/// <summary>
/// How far a set's colours still are from the target's: the Fréchet distance between Gaussian fits of the RGB pixel
/// colours, d² = |μa - μt|² + tr(Σa + Σt - 2 (Σa^½ Σt Σa^½)^½), of the adapted set to the target set, divided by the
/// same distance of the source set: 1 = the colours did not move, 0 = they are the target's.
/// </summary>
public static class ColourGap
{
    public static double? Of(ColourFit adapted, ColourFit source, ColourFit target) =>
        Ratio(FrechetDistance(adapted, target), FrechetDistance(source, target));

    /// <summary>Squared Fréchet (2-Wasserstein) distance between two Gaussians, in (0..255)² units.</summary>
    public static double FrechetDistance(ColourFit a, ColourFit b)
    {
        using var scope = NewDisposeScope();
        var (meanA, meanB) = (tensor(a.Mean, float64), tensor(b.Mean, float64));
        var (covA, covB) = (tensor(a.Covariance, [3, 3], float64), tensor(b.Covariance, [3, 3], float64));
        var rootA = SymmetricSqrt(covA);
        var (cross, _) = linalg.eigh(rootA.matmul(covB).matmul(rootA));
        using Scalar zero = 0, two = 2;
        var traceOfRoot = cross.clamp_min(zero).sqrt().sum();
        return ((meanA - meanB).Squared().sum().Plus(covA.trace()).Plus(covB.trace()) - two * traceOfRoot).item<double>();
    }

    /// <summary>gap / scale, or null where the scale is zero (the source already matched the target): below 1e-9,
    /// a distance is float rounding, far below one grey level.</summary>
    internal static double? Ratio(double gap, double scale) => scale > 1e-9 ? gap / scale : null;

    private static Tensor SymmetricSqrt(Tensor matrix)
    {
        var (values, vectors) = linalg.eigh(matrix);
        using Scalar zero = 0;
        return vectors.matmul(diag(values.clamp_min(zero).sqrt())).matmul(vectors.transpose(0, 1));
    }
}

/// <summary>A Gaussian fit of pixel colours (0..255 RGB): mean and population covariance (row-major 3x3), built from
/// running moments so a set of any size is one pass.</summary>
public sealed record ColourFit(double[] Mean, double[] Covariance)
{
    public static ColourFit Of(RgbImage image) => Of([image]);

    public static ColourFit Of(IEnumerable<RgbImage> images)
    {
        using var scope = NewDisposeScope();
        var count = 0L;
        var sum = zeros(3, dtype: float64);
        var outer = zeros(3, 3, dtype: float64);
        foreach (var image in images)
        {
            var pixels = ImageTensors.Pixels(image);
            count += pixels.shape[0];
            sum = sum.Plus(pixels.sum(0));
            outer = outer.Plus(pixels.transpose(0, 1).matmul(pixels));
        }
        if (count == 0) throw new ArgumentException("a colour fit needs at least one pixel", nameof(images));
        using Scalar pixelCount = count;
        var mean = sum / pixelCount;
        var covariance = outer / pixelCount - mean.outer(mean);
        return new ColourFit(mean.data<double>().ToArray(), covariance.contiguous().data<double>().ToArray());
    }
}
