using Fcan.Engine.Aan;
using Fcan.Engine.Tests.Support;
using Xunit.Abstractions;

namespace Fcan.Engine.Tests.Aan;

/// <summary>Reduced precision against float32 on the real ResNet-18, through the check the device workers run.</summary>
public class AanPrecisionTests(ResNet18Fixture fixture, ITestOutputHelper output) : IClassFixture<ResNet18Fixture>
{
    [Fact]
    public void Bf16OnTheCpuKeepsTheGramDistanceAndComesCloseOnTheLoss()
    {
        var comparison = AanPrecisionCheck.Compare(fixture.Network, AanPrecision.Bf16, CancellationToken.None);
        output.WriteLine(comparison.ToString());
        Assert.NotEqual(comparison.Fp32Loss, comparison.CandidateLoss);
        Assert.True(comparison.GramDistanceDeviation <= AanPrecisionComparison.Tolerance, comparison.ToString());
        // Measured here: the final loss ends 1.3% from fp32's, just outside the 1% bar, so the check keeps bf16
        // off on this CPU; the bound below catches a broken bf16 path (wrong casts, lost gradients), not that.
        Assert.True(comparison.LossDeviation <= 0.05, comparison.ToString());
        Assert.Equal(comparison.LossDeviation <= AanPrecisionComparison.Tolerance, comparison.Agrees);
    }

    [Fact]
    public void Tf32IsFp32OnTheCpu()
    {
        var comparison = AanPrecisionCheck.Compare(fixture.Network, AanPrecision.Tf32, CancellationToken.None);
        Assert.Equal(comparison.Fp32Loss, comparison.CandidateLoss);
        Assert.Equal(comparison.Fp32GramDistance, comparison.CandidateGramDistance);
        Assert.True(comparison.Agrees);
    }
}
