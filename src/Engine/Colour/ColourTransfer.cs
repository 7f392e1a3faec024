using Fcan.Data.Imaging;
using Fcan.Engine.Imaging;
using Fcan.Engine.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Fcan.Engine.Colour;

/// <summary>
/// Colour statistics transfer (Reinhard et al. 2001): in the decorrelated l-alpha-beta space each image's channel
/// means and standard deviations are moved towards a target set's. <c>strength</c> 1 moves them all the way; below 1
/// it stops short, which keeps more of the contrast between regions (full strength clips light colours at 255 and
/// merges neighbouring regions; EXPERIMENTS.md measures it). A channel's spread is never stretched more than
/// <see cref="MaxStretch"/> times: a pool of high-contrast photographs would otherwise stretch a flat game frame's
/// lightness four times over, until its light regions clip to white and merge (the AAN iterations add contrast
/// where the pool's texture has it, without clipping).
/// </summary>
public static class ColourTransfer
{
    // RGB (0..1) to LMS cone space, and LMS (log10) to l-alpha-beta, as in Reinhard et al.
    private static readonly double[,] RgbToLms = { { 0.3811, 0.5783, 0.0402 }, { 0.1967, 0.7244, 0.0782 }, { 0.0241, 0.1288, 0.8444 } };
    private static readonly double[,] LogLmsToLab =
    {
        { 1 / 1.7320508075688772, 1 / 1.7320508075688772, 1 / 1.7320508075688772 },
        { 1 / 2.449489742783178, 1 / 2.449489742783178, -2 / 2.449489742783178 },
        { 1 / 1.4142135623730951, -1 / 1.4142135623730951, 0 },
    };

    // Keeps log10 finite for black pixels. 1 % of full scale, about the dark noise of an 8-bit image: with a floor of
    // 1e-4 the few black pixels of a photograph (log10 near -4) dominated its lightness spread.
    private const double Floor = 1e-2;

    /// <summary>The most a channel's standard deviation may grow.</summary>
    public const double MaxStretch = 2;

    /// <summary>[N,3,H,W] RGB 0..255 to l-alpha-beta.</summary>
    public static Tensor ToLab(Tensor rgb)
    {
        using var scope = NewDisposeScope();
        using Scalar full = 255, floor = Floor, tiny = 1e-6;
        var lms = Mix(RgbToLms, (rgb / full).Plus(floor)).clamp_min(tiny).log10();
        return Mix(LogLmsToLab, lms).MoveToOuterDisposeScope();
    }

    /// <summary>l-alpha-beta back to [N,3,H,W] RGB 0..255 (unclamped).</summary>
    public static Tensor FromLab(Tensor lab)
    {
        using var scope = NewDisposeScope();
        using Scalar ln10 = Math.Log(10), floor = Floor, full = 255;
        var lms = (Mix(Inverse(LogLmsToLab), lab) * ln10).exp();
        return ((Mix(Inverse(RgbToLms), lms) - floor) * full).MoveToOuterDisposeScope();
    }

    /// <summary>Moves each image's l-alpha-beta moments <paramref name="strength"/> of the way to the target's;
    /// returns RGB 0..255 clamped to the displayable range.</summary>
    public static Tensor Apply(Tensor rgb, ColourMoments target, double strength)
    {
        using var scope = NewDisposeScope();
        using Scalar tiny = 1e-6, share = strength, maxStretch = MaxStretch, black = 0, white = 255;
        var lab = ToLab(rgb);
        long[] plane = [2, 3];
        var (mean, std) = (lab.mean(plane, keepdim: true), lab.std(plane, keepdim: true).clamp_min(tiny));
        var targetMean = Column(target.Mean, lab);
        var targetStd = Column(target.Std, lab);
        var movedMean = mean.Plus((targetMean - mean) * share);
        var movedStd = std.Plus((targetStd - std) * share).minimum(std * maxStretch);
        return FromLab(((lab - mean) / std * movedStd).Plus(movedMean)).clamp(black, white).MoveToOuterDisposeScope();
    }

    /// <summary>One image: <see cref="Apply(Tensor, ColourMoments, double)"/> (strength 1 is the colour-transfer baseline).</summary>
    public static PlanarImage Apply(PlanarImage image, ColourMoments target, double strength = 1)
    {
        using var scope = NewDisposeScope();
        return PlanarImage.Unstack(Apply(PlanarImage.Stack([image], float64, CPU), target, strength))[0];
    }

    private static Tensor Mix(double[,] matrix, Tensor image)
    {
        var weights = tensor(matrix, dtype: image.dtype, device: image.device);
        return einsum("ij,njhw->nihw", weights, image);
    }

    private static double[,] Inverse(double[,] matrix)
    {
        using var m = tensor(matrix, dtype: float64);
        using var inverse = linalg.inv(m);
        var values = inverse.data<double>().ToArray();
        return new[,] { { values[0], values[1], values[2] }, { values[3], values[4], values[5] }, { values[6], values[7], values[8] } };
    }

    private static Tensor Column(IReadOnlyList<double> values, Tensor like) =>
        tensor(values.ToArray(), dtype: like.dtype, device: like.device).view(1, 3, 1, 1);
}

/// <summary>The l-alpha-beta channel means and standard deviations of a set of images (all their pixels together):
/// what colour transfer needs from a target set, in one streaming pass over any number of images.</summary>
public sealed record ColourMoments(IReadOnlyList<double> Mean, IReadOnlyList<double> Std)
{
    public static ColourMoments Of(IEnumerable<RgbImage> images) => Of(images.Select(PlanarImage.FromRgb));

    public static ColourMoments Of(IEnumerable<PlanarImage> images)
    {
        var (sum, squares, count) = (new double[3], new double[3], 0L);
        foreach (var image in images)
        {
            using var scope = NewDisposeScope();
            var lab = ColourTransfer.ToLab(PlanarImage.Stack([image], float64, CPU)).reshape(3, -1);
            var s = lab.sum(1).data<double>().ToArray();
            var q = lab.Squared().sum(1).data<double>().ToArray();
            for (var c = 0; c < 3; c++) (sum[c], squares[c]) = (sum[c] + s[c], squares[c] + q[c]);
            count += lab.shape[1];
        }
        if (count < 2) throw new ArgumentException("colour moments need at least one image", nameof(images));
        var mean = sum.Select(s => s / count).ToArray();
        var std = squares.Select((q, c) => Math.Sqrt(Math.Max(0, (q - count * mean[c] * mean[c]) / (count - 1)))).ToArray();
        return new ColourMoments(mean, std);
    }
}
