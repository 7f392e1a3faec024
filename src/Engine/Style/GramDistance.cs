using Fcan.Data.Imaging;
using Fcan.Engine.Imaging;
using Fcan.Engine.Networks;
using Fcan.Engine.Runtime;
using static TorchSharp.torch;

namespace Fcan.Engine.Style;

/// <summary>How far an image's style is from a pool: sum over the tap layers of Dist(G, Gbar_t) at the image's size
/// (the un-weighted style term of the AAN loss, for reports).</summary>
public static class GramDistance
{
    public static double ToPool(FeatureNetwork network, RgbImage image, StyleStatistics pool) =>
        ToPool(network, PlanarImage.FromRgb(image), pool);

    public static double ToPool(FeatureNetwork network, PlanarImage image, StyleStatistics pool)
    {
        if (pool.NetworkId != network.Id) throw new ArgumentException($"pool statistics are for {pool.NetworkId}, the network is {network.Id}", nameof(pool));
        var problem = network.SizeProblem(image.Width, image.Height);
        if (problem != null) throw new ArgumentException(problem, nameof(image));
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var input = network.Space.FromRgb(PlanarImage.Stack([image], network.DType, network.Device.ToTorch()));
        var total = 0.0;
        var features = network.Forward(input);
        for (var layer = 0; layer < features.Length; layer++)
        {
            var positions = features[layer].shape[2] * features[layer].shape[3];
            var target = pool.TargetGram(layer, positions, float64, features[layer].device);
            total += (Gram.Of(features[layer]).to(float64)[0] - target).Squared().sum().item<double>();
        }
        return total;
    }
}
