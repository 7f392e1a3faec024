namespace Fcan.Engine.Imaging;

/// <summary>Deterministic images of any size for benchmarks and self-checks: a few smooth colour waves per channel,
/// so feature maps look like a natural image's rather than like flat colour or noise.</summary>
public static class SyntheticImages
{
    public static PlanarImage Waves(int seed, int width, int height)
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
                    var value = 128.0;
                    foreach (var wave in waves) value += 30 * Math.Sin(wave.X * x + wave.Y * y + wave.Phase);
                    planes[(c * height + y) * width + x] = (float)value;
                }
        }
        return new PlanarImage(width, height, planes);
    }
}
