using Fcan.Engine.Quality;
using Fcan.Engine.Tests.Support;

namespace Fcan.Engine.Tests.Quality;

/// <summary>The whole report with the packaged ResNet-18 at the extremes: adapted = target, adapted = source.</summary>
public sealed class AdaptationAssessmentTests(ResNet18Fixture resnet) : IClassFixture<ResNet18Fixture>
{
    private const int W = 64, H = 64;

    private static readonly byte[] Labels = QualityImages.Bands(W, H);

    private static AssessedPair Pair(int seed, Fcan.Data.Imaging.RgbImage adapted) =>
        new($"frame{seed}", QualityImages.Coloured(W, H, Labels, QualityImages.Palette), adapted, Labels);

    [Fact]
    public void AnUnchangedSourceHasGapsOfOneAndKeepsEverything()
    {
        var targets = new[] { QualityImages.Waves(1, W, H), QualityImages.Waves(2, W, H) };
        var source = QualityImages.Coloured(W, H, Labels, QualityImages.Palette);

        var report = AdaptationAssessment.Assess(resnet.Network, [Pair(1, source), Pair(2, source)], targets);

        Assert.Equal(1, report.Set.ColourGap!.Value, 9);
        Assert.Equal(1, report.Set.DetailGap!.Value, 9);
        Assert.Equal(report.Set.KidSource, report.Set.Kid, 9);
        Assert.Equal(1, report.Set.StructureKept);
        Assert.All(report.Images, row => Assert.Equal((1.0, 1.0, row.KidSource), (Math.Round(row.Ssim, 9), row.EdgeF1, row.Kid)));
        Assert.Equal(CellFeatures.PerImage, report.Set.FeatureVectorsPerImage);
    }

    [Fact]
    public void AdaptedImagesThatAreTheTargetsCloseEveryGap()
    {
        var targets = new[] { QualityImages.Waves(3, W, H), QualityImages.Waves(4, W, H), QualityImages.Waves(5, W, H) };

        var report = AdaptationAssessment.Assess(resnet.Network, targets.Select((t, i) => Pair(i, t)).ToList(), targets);

        Assert.Equal(0, report.Set.ColourGap!.Value, 9);
        Assert.Equal(0, report.Set.DetailGap!.Value, 9);
        Assert.True(Math.Abs(report.Set.Kid) < 0.1 * report.Set.KidSource, $"KID {report.Set.Kid}, sources {report.Set.KidSource}");
        Assert.True(report.Set.StructureKept < 0.9, $"structure kept {report.Set.StructureKept}");
    }
}
