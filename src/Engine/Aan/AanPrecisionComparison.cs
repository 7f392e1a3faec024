namespace Fcan.Engine.Aan;

/// <summary>The same small render in float32 and in a reduced precision: final loss and Gram distance to the pool.</summary>
public sealed record AanPrecisionComparison(
    AanPrecision Candidate, double Fp32Loss, double CandidateLoss, double Fp32GramDistance, double CandidateGramDistance)
{
    /// <summary>The bar for reduced precision: final loss and Gram distance within 1% of float32's.</summary>
    public const double Tolerance = 0.01;

    public double LossDeviation => Relative(CandidateLoss, Fp32Loss);

    public double GramDistanceDeviation => Relative(CandidateGramDistance, Fp32GramDistance);

    public bool Agrees => LossDeviation <= Tolerance && GramDistanceDeviation <= Tolerance;

    public override string ToString() =>
        $"{Candidate} vs fp32: final loss {CandidateLoss:G6} vs {Fp32Loss:G6} ({LossDeviation:P2}), " +
        $"Gram distance {CandidateGramDistance:G6} vs {Fp32GramDistance:G6} ({GramDistanceDeviation:P2})";

    private static double Relative(double value, double reference) =>
        double.IsFinite(value) ? Math.Abs(value - reference) / Math.Max(Math.Abs(reference), double.Epsilon) : double.PositiveInfinity;
}
