using Fcan.Engine.Imaging;

namespace Fcan.Engine.Tests.Support;

/// <summary>
/// Deterministic test images: a few smooth colour waves plus mild noise, like natural images in that feature maps
/// rarely tie. (Uniform pixel noise makes max-pool windows with near-equal maxima, where float32 rounding in two
/// implementations picks different winners: a real switching point, not a bug.)
/// </summary>
public static class TestImages
{
    public static PlanarImage Smooth(int seed, int width, int height)
    {
        var random = new Random(seed);
        var planes = new float[3 * width * height];
        for (var c = 0; c < 3; c++)
        {
            var waves = Enumerable.Range(0, 4)
                .Select(_ => (X: 0.02 + random.NextDouble() * 0.28, Y: 0.02 + random.NextDouble() * 0.28, Phase: random.NextDouble() * 6.3))
                .ToArray();
            for (var y = 0; y < height; y++)
                for (var x = 0; x < width; x++)
                {
                    var value = 128 + waves.Sum(w => 30 * Math.Sin(w.X * x + w.Y * y + w.Phase)) + 8 * Gaussian(random);
                    planes[(c * height + y) * width + x] = (float)Math.Clamp(value, 0, 255);
                }
        }
        return new PlanarImage(width, height, planes);
    }

    /// <summary>White noise N(128, 30^2), clamped to 0..255 (the paper's init).</summary>
    public static PlanarImage Noise(int seed, int width, int height) => Noise(seed, width, height, [128, 128, 128], 30);

    /// <summary>White noise around a colour, clamped to 0..255: a "style" far from the paper's init.</summary>
    public static PlanarImage Noise(int seed, int width, int height, double[] mean, double deviation)
    {
        var random = new Random(seed);
        var planes = new float[3 * width * height];
        for (var i = 0; i < planes.Length; i++)
            planes[i] = (float)Math.Clamp(mean[i / (width * height)] + deviation * Gaussian(random), 0, 255);
        return new PlanarImage(width, height, planes);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
