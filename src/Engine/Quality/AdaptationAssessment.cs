using Fcan.Data.Imaging;
using Fcan.Engine.Networks;
using static TorchSharp.torch;

namespace Fcan.Engine.Quality;

/// <summary>One adapted image to assess: its source and labels at the adapted image's size.</summary>
/// <param name="Labels">One id per pixel (<see cref="StructureKept.Ignore"/> = unlabelled), or null.</param>
public sealed record AssessedPair(string Key, RgbImage Source, RgbImage Adapted, byte[]? Labels);

/// <summary>
/// The quality report of an adaptation: how close the adapted images came to the target set (domain gap: KID, colour
/// gap, detail gap) and how much of their sources they kept (structure kept, luminance SSIM, edge F1), per image and
/// for the set. The targets must already be at the adapted images' size (detail energy depends on scale).
/// </summary>
public static class AdaptationAssessment
{
    public static AssessmentReport Assess(FeatureNetwork network, IReadOnlyList<AssessedPair> pairs, IReadOnlyList<RgbImage> targets)
    {
        if (pairs.Count == 0) throw new ArgumentException("nothing to assess: no adapted images", nameof(pairs));
        if (targets.Count == 0) throw new ArgumentException("nothing to compare with: no target images", nameof(targets));
        foreach (var pair in pairs)
            if ((pair.Source.Width, pair.Source.Height) != (pair.Adapted.Width, pair.Adapted.Height))
                throw new ArgumentException($"{pair.Key}: the source is {pair.Source.Width}x{pair.Source.Height}, the adapted image {pair.Adapted.Width}x{pair.Adapted.Height}");

        using var scope = NewDisposeScope();
        var targetFeatures = cat(CellFeatures.Of(network, targets).ToArray(), 0);
        var adaptedFeatures = CellFeatures.Of(network, pairs.Select(p => p.Adapted).ToList());
        var sourceFeatures = CellFeatures.Of(network, pairs.Select(p => p.Source).ToList());
        var targetColours = ColourFit.Of(targets);
        var targetEnergy = DetailGap.Energy(targets);

        var rows = pairs.Select((pair, i) =>
        {
            var (adaptedEnergy, sourceEnergy) = (DetailGap.Energy(pair.Adapted), DetailGap.Energy(pair.Source));
            return new ImageQuality(
                pair.Key,
                KernelInceptionDistance.Of(adaptedFeatures[i], targetFeatures),
                KernelInceptionDistance.Of(sourceFeatures[i], targetFeatures),
                ColourGap.Of(ColourFit.Of(pair.Adapted), ColourFit.Of(pair.Source), targetColours),
                DetailGap.Of(adaptedEnergy, sourceEnergy, targetEnergy),
                pair.Labels is { } labels ? StructureKept.Of(pair.Adapted, labels) : null,
                LuminanceSsim.Of(pair.Adapted, pair.Source),
                EdgeF1.Of(pair.Adapted, pair.Source),
                adaptedEnergy);
        }).ToList();

        var labelled = rows.Where(r => r.StructureKept is not null).ToList();
        var set = new SetQuality(
            pairs.Count,
            targets.Count,
            CellFeatures.PerImage,
            KernelInceptionDistance.Of(cat(adaptedFeatures.ToArray(), 0), targetFeatures),
            KernelInceptionDistance.Of(cat(sourceFeatures.ToArray(), 0), targetFeatures),
            ColourGap.Of(ColourFit.Of(pairs.Select(p => p.Adapted)), ColourFit.Of(pairs.Select(p => p.Source)), targetColours),
            DetailGap.Of(rows.Average(r => r.DetailEnergy), pairs.Average(p => DetailGap.Energy(p.Source)), targetEnergy),
            labelled.Count > 0 ? labelled.Average(r => r.StructureKept!.Value) : null,
            rows.Average(r => r.Ssim),
            rows.Average(r => r.EdgeF1),
            targetEnergy);
        foreach (var features in adaptedFeatures.Concat(sourceFeatures)) features.Dispose();
        return new AssessmentReport(set, rows);
    }
}

/// <summary>What <see cref="AdaptationAssessment"/> measured: the set's figures and one row per image.</summary>
public sealed record AssessmentReport(SetQuality Set, IReadOnlyList<ImageQuality> Images);

/// <summary>One adapted image's figures (null where undefined: no labels, or a gap whose source already matched).</summary>
/// <param name="Kid">KID of this image's cell features to the target set's.</param>
/// <param name="KidSource">The same for its source: the scale <paramref name="Kid"/> started from.</param>
/// <param name="ColourGap">Fréchet colour distance to the target set, over its source's (1 = unchanged, 0 = target).</param>
/// <param name="DetailGap">|log detail energy ratio to the target set|, over its source's.</param>
/// <param name="StructureKept">Pixel accuracy of the nearest-region-colour labelling (1 = regions separable).</param>
/// <param name="Ssim">Luminance SSIM against the source.</param>
/// <param name="EdgeF1">F1 of its edges against the source's (1-pixel tolerance).</param>
/// <param name="DetailEnergy">Its mean |Laplacian| (0..255 luminance units).</param>
public sealed record ImageQuality(string Key, double Kid, double KidSource, double? ColourGap, double? DetailGap,
    double? StructureKept, double Ssim, double EdgeF1, double DetailEnergy);

/// <summary>The set's figures: KID and the gaps over all images together; content figures averaged over images.</summary>
/// <param name="FeatureVectorsPerImage">Cell feature vectors each image contributes to KID.</param>
/// <param name="TargetDetailEnergy">The target set's mean |Laplacian|.</param>
public sealed record SetQuality(int Images, int Targets, int FeatureVectorsPerImage, double Kid, double KidSource,
    double? ColourGap, double? DetailGap, double? StructureKept, double Ssim, double EdgeF1, double TargetDetailEnergy);
