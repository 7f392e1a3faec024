using static TorchSharp.torch;

namespace Fcan.Engine.Baselines;

/// <summary>
/// sRGB (0..255) to CIE L*a*b* (D65 white) and back, on [3,H,W] float64 tensors: a colour space whose three
/// channels are nearly decorrelated for natural images, so each can be matched on its own (Reinhard et al. 2001).
/// </summary>
public static class CieLab
{
    // sRGB primaries to XYZ (IEC 61966-2-1), and the D65 white point.
    private static readonly double[] RgbToXyz = [0.4124564, 0.3575761, 0.1804375, 0.2126729, 0.7151522, 0.0721750, 0.0193339, 0.1191920, 0.9503041];
    private static readonly double[] White = [0.95047, 1.0, 1.08883];
    private const double Delta = 6.0 / 29;

    public static Tensor FromRgb(Tensor rgb)
    {
        using var scope = NewDisposeScope();
        var srgb = rgb / 255;
        var linear = where(srgb.le(0.04045), srgb / 12.92, ((srgb + 0.055) / 1.055).pow(2.4));
        var xyz = Mix(RgbToXyz, linear) / tensor(White, float64).reshape(3, 1, 1);
        var f = where(xyz.gt(Delta * Delta * Delta), xyz.clamp_min(0).pow(1.0 / 3), xyz / (3 * Delta * Delta) + 4.0 / 29);
        return stack([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])]).MoveToOuterDisposeScope();
    }

    public static Tensor ToRgb(Tensor lab)
    {
        using var scope = NewDisposeScope();
        var fy = (lab[0] + 16) / 116;
        var f = stack([fy + lab[1] / 500, fy, fy - lab[2] / 200]);
        var xyz = where(f.gt(Delta), f.pow(3), 3 * Delta * Delta * (f - 4.0 / 29)) * tensor(White, float64).reshape(3, 1, 1);
        var linear = Mix(Inverse(RgbToXyz), xyz);
        // Out-of-gamut colours stay out of range here; the 8-bit encoding clamps them.
        var srgb = where(linear.le(0.0031308), 12.92 * linear, 1.055 * linear.clamp_min(0).pow(1 / 2.4) - 0.055);
        return (srgb * 255).MoveToOuterDisposeScope();
    }

    /// <summary>Applies a 3x3 matrix (row-major) to every pixel of [3,H,W].</summary>
    private static Tensor Mix(double[] matrix, Tensor planes) =>
        tensordot(tensor(matrix, [3, 3], float64), planes, [1], [0]);

    private static double[] Inverse(double[] matrix)
    {
        using var inverse = linalg.inv(tensor(matrix, [3, 3], float64));
        return inverse.contiguous().data<double>().ToArray();
    }
}
