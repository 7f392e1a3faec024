namespace Fcan.Data.Synthetic;

/// <summary>Smooth deterministic 2-D noise in [0, 1): random values on an integer lattice, blended bilinearly with a
/// smoothstep; summed over octaves it gives the asphalt, foliage and plaster textures of the "real" look.</summary>
internal sealed class ValueNoise(int seed)
{
    public double Sample(double x, double y)
    {
        int x0 = (int)Math.Floor(x), y0 = (int)Math.Floor(y);
        double fx = Smooth(x - x0), fy = Smooth(y - y0);
        var top = Lerp(Lattice(x0, y0), Lattice(x0 + 1, y0), fx);
        var bottom = Lerp(Lattice(x0, y0 + 1), Lattice(x0 + 1, y0 + 1), fx);
        return Lerp(top, bottom, fy);
    }

    /// <summary>Octaves of <see cref="Sample"/> starting at a feature size of <paramref name="scale"/> pixels, in [0, 1).</summary>
    public double Fractal(double x, double y, double scale, int octaves)
    {
        double sum = 0, weight = 1, total = 0;
        for (var octave = 0; octave < octaves; octave++)
        {
            sum += weight * Sample(x / scale, y / scale);
            total += weight;
            weight /= 2;
            scale /= 2;
        }
        return sum / total;
    }

    private double Lattice(int x, int y)
    {
        var h = (uint)(x * 374761393 + y * 668265263 + seed * 1442695041);
        h = (h ^ (h >> 13)) * 1274126177;
        h ^= h >> 16;
        return (h & 0xFFFFFF) / (double)0x1000000;
    }

    private static double Smooth(double t) => t * t * (3 - 2 * t);

    private static double Lerp(double a, double b, double t) => a + (b - a) * t;
}
