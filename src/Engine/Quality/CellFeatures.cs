using Fcan.Data.Imaging;
using Fcan.Engine.Imaging;
using Fcan.Engine.Networks;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Fcan.Engine.Quality;

/// <summary>
/// The feature vectors KID compares: each image's layer3 and layer4 taps average-pooled over a grid of
/// <see cref="Columns"/>x<see cref="Rows"/> cells and concatenated (256 + 512 channels on ResNet-18), so one image
/// gives 8 vectors that each describe a region's appearance. One pooled vector per image would leave 8-16 samples
/// per set, too few for a stable kernel estimate; cells multiply the samples while keeping what the network sees.
/// </summary>
public static class CellFeatures
{
    public const int Columns = 4;
    public const int Rows = 2;
    public const int PerImage = Columns * Rows;

    private static readonly int[] Taps = [3, 4];

    /// <summary>[PerImage, D] float64 on the CPU for each image, in order.</summary>
    public static IReadOnlyList<Tensor> Of(FeatureNetwork network, IReadOnlyList<RgbImage> images)
    {
        var vectors = new List<Tensor>(images.Count);
        foreach (var image in images)
        {
            var problem = network.SizeProblem(image.Width, image.Height);
            if (problem != null) throw new ArgumentException(problem, nameof(images));
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var input = network.Space.FromRgb(PlanarImage.Stack([PlanarImage.FromRgb(image)], network.DType, network.Device.ToTorch()));
            var taps = network.Forward(input);
            var cells = cat(Taps.Select(tap => adaptive_avg_pool2d(taps[tap], [Rows, Columns])).ToArray(), 1);
            // [1, D, Rows, Columns] -> one row per cell.
            vectors.Add(cells[0].flatten(1).transpose(0, 1).to(float64, CPU).contiguous().MoveToOuterDisposeScope());
        }
        return vectors;
    }
}
