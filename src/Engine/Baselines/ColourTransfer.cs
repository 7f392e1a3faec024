using Fcan.Data.Imaging;
using Fcan.Engine.Imaging;
using static TorchSharp.torch;

namespace Fcan.Engine.Baselines;

/// <summary>
/// Colour transfer (Reinhard et al. 2001) in CIE L*a*b*: each channel of the source is shifted and scaled so its mean
/// and standard deviation become the target's, x' = (x - μ_source) σ_target / σ_source + μ_target. No network, no
/// iterations: the cheapest baseline an adaptation has to beat.
/// </summary>
public static class ColourTransfer
{
    /// <summary>The transferred image, unrounded and unclamped (RGB 0..255 scale).</summary>
    public static PlanarImage Apply(PlanarImage source, LabStatistics target)
    {
        using var scope = NewDisposeScope();
        var lab = CieLab.FromRgb(Planes(source));
        var own = LabStatistics.Of(lab);
        var (mean, std) = (Column(own.Mean), Column(own.Std));
        // A flat channel has no spread to scale; it takes the target's mean.
        var scale = where(std.gt(0), Column(target.Std) / std.clamp_min(1e-12), zeros_like(std));
        var moved = (lab - mean) * scale + Column(target.Mean);
        using var rgb = CieLab.ToRgb(moved).to(float32).contiguous();
        return new PlanarImage(source.Width, source.Height, rgb.data<float>().ToArray());
    }

    internal static Tensor Planes(PlanarImage image) =>
        tensor(image.Planes, [3, image.Height, image.Width]).to(float64);

    private static Tensor Column(double[] values) => tensor(values, float64).reshape(3, 1, 1);
}

/// <summary>Per-channel mean and (population) standard deviation of CIE L*a*b* pixels: what colour transfer needs from
/// a target set. Built in one pass over any number of images.</summary>
public sealed record LabStatistics(double[] Mean, double[] Std)
{
    public static LabStatistics Of(IEnumerable<RgbImage> images)
    {
        var (count, sum, squares) = (0L, new double[3], new double[3]);
        foreach (var image in images)
        {
            using var scope = NewDisposeScope();
            var lab = CieLab.FromRgb(ColourTransfer.Planes(PlanarImage.FromRgb(image))).flatten(1);
            count += lab.shape[1];
            var (s, q) = (lab.sum(1).data<double>().ToArray(), lab.square().sum(1).data<double>().ToArray());
            for (var c = 0; c < 3; c++) (sum[c], squares[c]) = (sum[c] + s[c], squares[c] + q[c]);
        }
        if (count == 0) throw new ArgumentException("colour statistics need at least one image", nameof(images));
        var mean = sum.Select(s => s / count).ToArray();
        return new LabStatistics(mean, squares.Select((q, c) => Math.Sqrt(Math.Max(0, q / count - mean[c] * mean[c]))).ToArray());
    }

    /// <summary>Of one L*a*b* image [3,H,W].</summary>
    public static LabStatistics Of(Tensor lab)
    {
        using var scope = NewDisposeScope();
        var flat = lab.flatten(1);
        return new LabStatistics(flat.mean([1]).data<double>().ToArray(),
            flat.std(1, unbiased: false).data<double>().ToArray());
    }
}
