using Fcan.Data.Imaging;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Fcan.Engine.Quality;

/// <summary>
/// How far the fine-detail energy still is from the target's: with E = mean |Laplacian of luminance| (3x3 kernel
/// [0 1 0; 1 -4 1; 0 1 0], valid positions only), |log(E_adapted / E_target)| / |log(E_source / E_target)|:
/// 1 = unchanged, 0 = the target's energy, above 1 = further away than the source (e.g. added grain or blur).
/// </summary>
public static class DetailGap
{
    private static readonly double[,] Laplacian = { { 0, 1, 0 }, { 1, -4, 1 }, { 0, 1, 0 } };

    public static double? Of(double adapted, double source, double target) =>
        ColourGap.Ratio(Math.Abs(Math.Log(adapted / target)), Math.Abs(Math.Log(source / target)));

    /// <summary>E of one image (0..255 luminance units).</summary>
    public static double Energy(RgbImage image)
    {
        using var scope = NewDisposeScope();
        return conv2d(ImageTensors.Luminance(image), ImageTensors.Kernel(Laplacian)).abs().mean().item<double>();
    }

    /// <summary>E of a set: the mean of its images' energies.</summary>
    public static double Energy(IEnumerable<RgbImage> images) => images.Select(Energy).Average();
}
