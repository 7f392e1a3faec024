using Fcan.Engine.Imaging;
using Fcan.Engine.Networks;
using Fcan.Engine.Runtime;
using Fcan.Engine.Style;
using TorchSharp;
using static TorchSharp.torch;

namespace Fcan.Engine.Aan;

/// <summary>
/// Decides whether a reduced precision keeps the spec's results on a network and its device: renders the same small
/// synthetic input in float32 and in the candidate from the same start, then measures both results in float32: the
/// AAN loss and the Gram distance to the pool must agree within <see cref="AanPrecisionComparison.Tolerance"/>.
/// The steps are gentle (beta 1, as in the spec's parity regime): with the paper's beta 10, a short run crosses ReLU and
/// max-pool switching points, where even float32 and float64 part ways (../shared/spec/aan.md).
/// </summary>
public static class AanPrecisionCheck
{
    public const int Side = 64;
    public const int Iterations = 10;
    public const double Beta = 1;

    public static AanPrecisionComparison Compare(FeatureNetwork network, AanPrecision candidate, CancellationToken cancellationToken)
    {
        var source = SyntheticImages.Waves(1, Side, Side);
        var builder = new StylePoolBuilder(network);
        builder.Add([SyntheticImages.Waves(2, Side, Side), SyntheticImages.Waves(3, Side, Side)]);
        var pool = builder.Build();
        var settings = AanSettings.Paper with { Iterations = Iterations, Beta = Beta };
        var renderer = new AanRenderer(network);
        var reference = renderer.RenderPlanar([source], pool, settings, null, cancellationToken)[0];
        var reduced = renderer.RenderPlanar([source], pool, settings with { Precision = candidate }, null, cancellationToken)[0];
        return new AanPrecisionComparison(candidate,
            Loss(network, source, reference, pool, settings), Loss(network, source, reduced, pool, settings),
            GramDistance.ToPool(network, reference, pool), GramDistance.ToPool(network, reduced, pool));
    }

    /// <summary>L(image) for a source, in the network's own dtype.</summary>
    private static double Loss(FeatureNetwork network, PlanarImage source, PlanarImage image, StyleStatistics pool, AanSettings settings)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var device = network.Device.ToTorch();
        var sourceTaps = network.Forward(network.Space.FromRgb(PlanarImage.Stack([source], network.DType, device)));
        var x = network.Space.FromRgb(PlanarImage.Stack([image], network.DType, device));
        var taps = network.Forward(x);
        var targets = sourceTaps
            .Select((tap, layer) => pool.TargetGram(layer, tap.shape[2] * tap.shape[3], network.DType, device))
            .ToArray();
        return AanLoss.Evaluate(x, taps, sourceTaps, targets, settings).Total.AsDouble();
    }
}
