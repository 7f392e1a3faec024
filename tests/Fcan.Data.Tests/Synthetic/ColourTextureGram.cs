using Fcan.Data.Imaging;

namespace Fcan.Data.Tests.Synthetic;

/// <summary>A small style statistic, a pixel-level stand-in for a CNN's Gram matrices: the Gram matrix (sum of outer
/// products) of per-pixel features R, G, B and the horizontal and vertical luminance differences, divided by its trace,
/// so it describes how colour and texture energy are distributed rather than how bright the scene is.</summary>
public sealed class ColourTextureGram
{
    private const int Features = 5;

    /// <summary>Luminance differences are small next to colour values; this lets texture weigh about as much.</summary>
    private const double TextureWeight = 4;

    private readonly double[] values;

    private ColourTextureGram(double[] values) => this.values = values;

    public static ColourTextureGram Of(RgbImage image)
    {
        var gram = new double[Features * Features];
        var feature = new double[Features];
        for (var y = 0; y < image.Height - 1; y++)
            for (var x = 0; x < image.Width - 1; x++)
            {
                for (var c = 0; c < 3; c++) feature[c] = image[x, y, c] / 255.0;
                var luma = Luma(image, x, y);
                feature[3] = TextureWeight * Math.Abs(Luma(image, x + 1, y) - luma);
                feature[4] = TextureWeight * Math.Abs(Luma(image, x, y + 1) - luma);
                for (var i = 0; i < Features; i++)
                    for (var j = 0; j < Features; j++)
                        gram[i * Features + j] += feature[i] * feature[j];
            }
        var trace = Enumerable.Range(0, Features).Sum(i => gram[i * Features + i]);
        return new ColourTextureGram(gram.Select(v => v / trace).ToArray());
    }

    /// <summary>The Frobenius distance between two statistics.</summary>
    public double DistanceTo(ColourTextureGram other) =>
        Math.Sqrt(values.Zip(other.values, (a, b) => (a - b) * (a - b)).Sum());

    private static double Luma(RgbImage image, int x, int y) =>
        (0.299 * image[x, y, 0] + 0.587 * image[x, y, 1] + 0.114 * image[x, y, 2]) / 255;
}
