using Fcan.Data.Imaging;
using Fcan.Engine.Networks;
using Fcan.Engine.Runtime;
using Fcan.Engine.Style;

namespace Fcan.Client.Demo;

/// <summary>
/// The demo's number: the mean Gram distance (engine's <see cref="GramDistance"/>) of the sources and of their adapted
/// renders to the pool. The pool's statistics are rebuilt here from the same images with the same network, so the
/// measurement does not depend on where the cluster keeps them.
/// </summary>
public sealed class DemoMeasurement(EngineDevice device)
{
    /// <summary>The mean distance to the pool of <paramref name="real"/> of each image set (the sources, then each
    /// method's adapted images).</summary>
    public IReadOnlyList<double> Measure(IReadOnlyList<RgbImage> real, params IReadOnlyList<RgbImage>[] sets)
    {
        TorchRuntime.Ensure(device);
        using var network = FeatureNetworks.LoadResNet18(device);
        var builder = new StylePoolBuilder(network);
        foreach (var image in real) builder.Add(image);
        var pool = builder.Build();
        return sets.Select(set => Mean(network, set, pool)).ToList();
    }

    private static double Mean(FeatureNetwork network, IReadOnlyList<RgbImage> images, StyleStatistics pool) =>
        images.Average(image => GramDistance.ToPool(network, image, pool));
}
