using Fcan.Data.Imaging;
using Fcan.Engine.Runtime;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Fcan.Engine.Quality;

/// <summary>
/// Whether an image keeps another's edges: edges are the pixels whose Sobel gradient magnitude on luminance is at
/// least <see cref="Threshold"/>; an edge of one image counts as matched when the other has an edge within 1 pixel
/// (8-neighbourhood). F1 of precision (adapted edges matched in the source) and recall (source edges matched in the
/// adapted image); 1 when neither has edges.
/// </summary>
public static class EdgeF1
{
    /// <summary>Sobel magnitude of a step of 16 grey levels (the kernel's weights sum to 4 on each side).</summary>
    public const double Threshold = 4 * 16;

    private static readonly double[,] SobelX = { { -1, 0, 1 }, { -2, 0, 2 }, { -1, 0, 1 } };
    private static readonly double[,] SobelY = { { -1, -2, -1 }, { 0, 0, 0 }, { 1, 2, 1 } };

    public static double Of(RgbImage adapted, RgbImage source)
    {
        if ((adapted.Width, adapted.Height) != (source.Width, source.Height))
            throw new ArgumentException($"edge F1 compares same-size images, not {adapted.Width}x{adapted.Height} and {source.Width}x{source.Height}");
        using var scope = NewDisposeScope();
        var (found, truth) = (Edges(adapted), Edges(source));
        var (foundCount, truthCount) = (found.sum().item<double>(), truth.sum().item<double>());
        if (foundCount == 0 || truthCount == 0) return foundCount == truthCount ? 1 : 0;
        var precision = (found * Near(truth)).sum().item<double>() / foundCount;
        var recall = (truth * Near(found)).sum().item<double>() / truthCount;
        return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
    }

    /// <summary>1 where the Sobel magnitude reaches the threshold, else 0: [1,1,H,W] (replicated borders).</summary>
    private static Tensor Edges(RgbImage image)
    {
        var luminance = pad(ImageTensors.Luminance(image), [1, 1, 1, 1], PaddingModes.Replicate);
        var (gx, gy) = (conv2d(luminance, ImageTensors.Kernel(SobelX)), conv2d(luminance, ImageTensors.Kernel(SobelY)));
        using Scalar threshold = Threshold;
        return gx.Squared().Plus(gy.Squared()).sqrt().ge(threshold).to(float64);
    }

    /// <summary>The edge map dilated by one pixel: the 1-pixel tolerance.</summary>
    private static Tensor Near(Tensor edges) => max_pool2d(edges, 3, 1, 1);
}
