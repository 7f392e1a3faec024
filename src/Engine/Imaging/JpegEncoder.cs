using Fcan.Data.Imaging;
using SkiaSharp;

namespace Fcan.Engine.Imaging;

/// <summary>JPEG output for renders (the shared codec only writes PNG).</summary>
internal static class JpegEncoder
{
    private const int Quality = 95;

    public static byte[] Encode(RgbImage image)
    {
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        var rgba = new byte[image.Width * image.Height * 4];
        for (int p = 0, q = 0; q < image.Pixels.Length; p += 4, q += 3)
        {
            rgba[p] = image.Pixels[q];
            rgba[p + 1] = image.Pixels[q + 1];
            rgba[p + 2] = image.Pixels[q + 2];
            rgba[p + 3] = 255;
        }
        System.Runtime.InteropServices.Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, Quality);
        return data.ToArray();
    }
}
