using Fcan.Data.Imaging;
using Fcan.Engine.Baselines;
using Fcan.Engine.Colour;
using Fcan.Engine.Imaging;
using Fcan.Engine.Networks;
using Fcan.Engine.Quality;
using Fcan.Engine.Runtime;

namespace Fcan.Client.Demo;

/// <summary>
/// The demo's figures: `fcan assess`'s set figures of the adapted images against the real half, and, for scale, the
/// KID the two cheap baselines (colour transfer, FDA) reach on the same sources, rendered here in milliseconds; with
/// `--method adapter`, the adapter's set figures too.
/// </summary>
public sealed class DemoMeasurement(EngineDevice device)
{
    public DemoQuality Measure(IReadOnlyList<RgbImage> real, IReadOnlyList<AssessedPair> pairs, IReadOnlyList<AssessedPair>? byAdapter = null)
    {
        TorchRuntime.Ensure(device);
        using var network = FeatureNetworks.LoadResNet18(device);
        var colours = ColourMoments.Of(real);
        var colourTransfer = pairs.Select(p => p with
        {
            Adapted = ColourTransfer.Apply(PlanarImage.FromRgb(p.Source), colours).ToRgb(),
        }).ToList();
        var fda = pairs.Select(p => p with
        {
            Adapted = FourierDomainAdaptation.Apply(PlanarImage.FromRgb(p.Source),
                PlanarImage.FromRgb(real[FourierDomainAdaptation.TargetIndex(p.Key, real.Count)]), FourierDomainAdaptation.DefaultBand).ToRgb(),
        }).ToList();
        return new DemoQuality(
            AdaptationAssessment.Assess(network, pairs, real).Set,
            AdaptationAssessment.Assess(network, colourTransfer, real).Set.Kid,
            AdaptationAssessment.Assess(network, fda, real).Set.Kid,
            byAdapter is null ? null : AdaptationAssessment.Assess(network, byAdapter, real).Set);
    }
}

/// <summary>The adapted set's quality figures, the baselines' KID on the same sources, and the adapter's figures (or
/// null).</summary>
public sealed record DemoQuality(SetQuality Adapted, double ColourTransferKid, double FdaKid, SetQuality? ByAdapter = null)
{
    /// <summary>The demo succeeds when the adaptation moved towards the real half without losing the scene: a lower
    /// KID than the sources, colours closer than the sources', and (with labels) most pixels still in separable regions.</summary>
    public bool Succeeded => Adapted.Kid < Adapted.KidSource && Adapted.ColourGap < 1 && (Adapted.StructureKept ?? 1) >= 0.5;
}
