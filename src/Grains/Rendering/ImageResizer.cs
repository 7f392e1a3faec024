using Fcan.Data.Imaging;

namespace Fcan.Grains.Rendering;

/// <summary>Resizes images bilinearly and label maps by nearest neighbour (label ids must never blend).</summary>
public static class ImageResizer
{
    public static RgbImage Bilinear(RgbImage image, int width, int height)
    {
        if (image.Width == width && image.Height == height) return image;
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            var sy = Math.Clamp((y + 0.5) * image.Height / height - 0.5, 0, image.Height - 1);
            int y0 = (int)sy, y1 = Math.Min(y0 + 1, image.Height - 1);
            var fy = sy - y0;
            for (var x = 0; x < width; x++)
            {
                var sx = Math.Clamp((x + 0.5) * image.Width / width - 0.5, 0, image.Width - 1);
                int x0 = (int)sx, x1 = Math.Min(x0 + 1, image.Width - 1);
                var fx = sx - x0;
                for (var c = 0; c < 3; c++)
                {
                    var top = image[x0, y0, c] * (1 - fx) + image[x1, y0, c] * fx;
                    var bottom = image[x0, y1, c] * (1 - fx) + image[x1, y1, c] * fx;
                    pixels[(y * width + x) * 3 + c] = (byte)Math.Round(top * (1 - fy) + bottom * fy);
                }
            }
        }
        return new RgbImage(width, height, pixels);
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
