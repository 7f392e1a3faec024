using Fcan.Data.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace Fcan.Grains.Rendering;

/// <summary>Resizes images as PIL and torchvision do by default: bilinear with antialiasing (libtorch's interpolate,
/// whose triangle filter widens with the scale when shrinking, so detail finer than the new pixel grid averages out
/// instead of aliasing into moiré); label maps by nearest neighbour, since label ids must never blend.</summary>
public static class ImageResizer
{
    /// <summary>The image resampler, as the item .json and the refresh fingerprint name it.</summary>
    public const string Resampler = "bilinear-antialias";

    public static RgbImage Antialiased(RgbImage image, int width, int height)
    {
        if (image.Width == width && image.Height == height) return image;
        using var scope = NewDisposeScope();
        var hwc = tensor(image.Pixels, [image.Height, image.Width, 3]);
        var nchw = hwc.permute(2, 0, 1).unsqueeze(0).to(float32);
        var resized = nn.functional.interpolate(nchw, [height, width], mode: InterpolationMode.Bilinear,
            align_corners: false, antialias: true);
        using Scalar black = 0, white = 255;
        var pixels = resized.squeeze(0).permute(1, 2, 0).round().clamp(black, white).to(uint8).contiguous();
        return new RgbImage(width, height, pixels.data<byte>().ToArray());
    }

    public static byte[] Nearest(byte[] values, int fromWidth, int fromHeight, int width, int height)
    {
        if (fromWidth == width && fromHeight == height) return values;
        var resized = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            var sy = Math.Min((int)((y + 0.5) * fromHeight / height), fromHeight - 1);
            for (var x = 0; x < width; x++)
                resized[y * width + x] = values[sy * fromWidth + Math.Min((int)((x + 0.5) * fromWidth / width), fromWidth - 1)];
        }
        return resized;
    }
}
