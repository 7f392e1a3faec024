namespace Fcan.Engine.Aan;

/// <summary>N(g) in the update x -= w_i * g / N(g) (../shared/spec/aan.md).</summary>
public enum StepNorm
{
    /// <summary>mean(|g|): the default reading of the paper's normalised step.</summary>
    MeanAbs,

    /// <summary>sum(|g|): the paper's literal ||g||_1 (steps about 3HW times smaller).</summary>
    L1,
}
