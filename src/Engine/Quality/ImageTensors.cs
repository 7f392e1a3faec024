using Fcan.Data.Imaging;
using static TorchSharp.torch;

namespace Fcan.Engine.Quality;

/// <summary>The quality measures' view of an 8-bit image: float64 on the CPU, 0..255 scale.</summary>
internal static class ImageTensors
{
    /// <summary>The pixels as rows of [R,G,B]: [H*W,3].</summary>
    public static Tensor Pixels(RgbImage image)
    {
        var values = new double[image.Pixels.Length];
        for (var i = 0; i < values.Length; i++) values[i] = image.Pixels[i];
        return tensor(values, [image.Width * image.Height, 3], float64);
    }

    /// <summary>Luminance Y = 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601) as [1,1,H,W].</summary>
    public static Tensor Luminance(RgbImage image)
    {
        var values = new double[image.Width * image.Height];
        for (var p = 0; p < values.Length; p++)
            values[p] = 0.299 * image.Pixels[3 * p] + 0.587 * image.Pixels[3 * p + 1] + 0.114 * image.Pixels[3 * p + 2];
        return tensor(values, [1, 1, image.Height, image.Width], float64);
    }

    /// <summary>A fixed 2-D filter as a conv2d weight [1,1,k,k].</summary>
    public static Tensor Kernel(double[,] values) =>
        tensor(values.Cast<double>().ToArray(), [1, 1, values.GetLength(0), values.GetLength(1)], float64);
}
