using Fcan.Data.Imaging;
using Fcan.Engine.Imaging;
using Fcan.Engine.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Fcan.Engine.Style;

/// <summary>Builds a pool's <see cref="StyleStatistics"/> by running images through a feature network one by one
/// or in same-size batches.</summary>
public sealed class StylePoolBuilder(FeatureNetwork network)
{
    private StyleStatistics statistics = StyleStatistics.Empty(
        network.Id, network.Space.Id, network.TapChannels.Select(c => (int)c).ToArray());

    public long Count => statistics.Count;

    public void Add(RgbImage image) => Add([PlanarImage.FromRgb(image)]);

    /// <summary>Adds same-size images; throws <see cref="ArgumentException"/> for a size the network can't take.</summary>
    public void Add(IReadOnlyList<PlanarImage> images)
    {
        if (images.Count == 0) return;
        var problem = network.SizeProblem(images[0].Width, images[0].Height);
        if (problem != null) throw new ArgumentException(problem, nameof(images));
        statistics = statistics.Add(NormalisedGrams(network, images));
    }

    public StyleStatistics Build() => statistics;

    /// <summary>Per layer G/(H*W) of each image as [N,C,C], computed without gradients.</summary>
    internal static Tensor[] NormalisedGrams(FeatureNetwork network, IReadOnlyList<PlanarImage> images)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var input = network.Space.FromRgb(PlanarImage.Stack(images, network.DType, network.Device.ToTorch()));
        var grams = network.Forward(input).Select(PerPosition).ToArray();
        foreach (var gram in grams) gram.MoveToOuterDisposeScope();
        return grams;
    }

    private static Tensor PerPosition(Tensor features)
    {
        using Scalar positions = features.shape[2] * features.shape[3];
        return Gram.Of(features) / positions;
    }
}
