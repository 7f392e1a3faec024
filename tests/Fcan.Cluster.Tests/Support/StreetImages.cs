using Fcan.Data.Imaging;

namespace Fcan.Cluster.Tests.Support;

/// <summary>Small PNG street scenes in `folder` layout: flat "synthetic" sources and noisy "real" pool images, so a
/// render at this size takes a fraction of a second and the two halves differ in style.</summary>
public static class StreetImages
{
    public const int Width = 64;
    public const int Height = 32;

    /// <summary>Writes <paramref name="count"/> images named <c>img000.png</c>... into <paramref name="folder"/>.</summary>
    public static IReadOnlyList<string> Write(string folder, int count, bool noisy, int seed = 1)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(seed);
        var keys = new List<string>();
        for (var i = 0; i < count; i++)
        {
            keys.Add($"img{i:D3}");
            File.WriteAllBytes(Path.Combine(folder, $"img{i:D3}.png"), ImageCodec.EncodePng(Image(random, noisy)));
        }
        return keys;
    }

    /// <summary>One scene: sky over ground, with noise for the "real" look.</summary>
    public static RgbImage Image(Random random, bool noisy, int width = Width, int height = Height)
    {
        var pixels = new byte[width * height * 3];
        var sky = random.Next(120, 220);
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
        {
            var offset = (y * width + x) * 3;
            var ground = y > height / 2;
            for (var c = 0; c < 3; c++)
            {
                var flat = ground ? 60 + 30 * c : sky - 40 * c;
                pixels[offset + c] = (byte)Math.Clamp(noisy ? flat + random.Next(-50, 50) : flat, 0, 255);
            }
        }
        return new RgbImage(width, height, pixels);
    }
}
