using Fcan.Data.Imaging;

namespace Fcan.Cli.Tests.Support;

/// <summary>
/// A few small PNGs in `folder` layout: flat-shaded "synthetic" sources and noisy "real" pool images, so a render
/// takes a fraction of a second and the two halves differ in style.
/// </summary>
public static class TinyDataset
{
    public const int Width = 64;
    public const int Height = 32;

    /// <summary>Writes <paramref name="count"/> images into <paramref name="folder"/>; returns the folder.</summary>
    public static string Write(string folder, int count, bool noisy, int seed = 1)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
            File.WriteAllBytes(Path.Combine(folder, $"img{i:D3}.png"), ImageCodec.EncodePng(Image(random, noisy)));
        return folder;
    }

    private static RgbImage Image(Random random, bool noisy)
    {
        var pixels = new byte[Width * Height * 3];
        var sky = (byte)random.Next(120, 220);
        for (var y = 0; y < Height; y++)
        for (var x = 0; x < Width; x++)
        {
            var offset = (y * Width + x) * 3;
            var ground = y > Height / 2;
            for (var c = 0; c < 3; c++)
            {
                var flat = ground ? 60 + 30 * c : sky - 40 * c;
                pixels[offset + c] = (byte)Math.Clamp(noisy ? flat + random.Next(-50, 50) : flat, 0, 255);
            }
        }
        return new RgbImage(Width, Height, pixels);
    }
}
