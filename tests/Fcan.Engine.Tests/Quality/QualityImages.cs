using Fcan.Data.Imaging;

namespace Fcan.Engine.Tests.Quality;

/// <summary>Constructed images whose quality figures are known: flat label regions, their noise, stripes.</summary>
internal static class QualityImages
{
    /// <summary>Four horizontal bands, ids 0..3.</summary>
    public static byte[] Bands(int width, int height) =>
        Enumerable.Range(0, width * height).Select(p => (byte)(p / width * 4 / height)).ToArray();

    /// <summary>Every pixel the colour of its label: a flat-coloured synthetic frame.</summary>
    public static RgbImage Coloured(int width, int height, byte[] labels, byte[][] palette) =>
        new(width, height, labels.SelectMany(id => palette[id]).ToArray());

    public static readonly byte[][] Palette = [[200, 40, 40], [40, 200, 40], [40, 40, 200], [220, 220, 60]];

    public static RgbImage Noise(int seed, int width, int height)
    {
        var pixels = new byte[width * height * 3];
        new Random(seed).NextBytes(pixels);
        return new RgbImage(width, height, pixels);
    }

    /// <summary>Smooth colour waves (no two images alike), as a stand-in for a photograph.</summary>
    public static RgbImage Waves(int seed, int width, int height) => Support.TestImages.Smooth(seed, width, height).ToRgb();

    /// <summary>The image moved right by <paramref name="shift"/> pixels (the left columns repeat the first one).</summary>
    public static RgbImage Shifted(RgbImage image, int shift)
    {
        var pixels = new byte[image.Pixels.Length];
        for (var y = 0; y < image.Height; y++)
            for (var x = 0; x < image.Width; x++)
                for (var c = 0; c < 3; c++)
                    pixels[(y * image.Width + x) * 3 + c] = image[Math.Max(0, x - shift), y, c];
        return new RgbImage(image.Width, image.Height, pixels);
    }

    public static RgbImage Flat(int width, int height, byte grey) =>
        new(width, height, Enumerable.Repeat(grey, width * height * 3).ToArray());
}
