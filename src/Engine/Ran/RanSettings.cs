namespace Fcan.Engine.Ran;

/// <summary>
/// Everything that decides a RAN training run besides its data. Defaults are the paper's
/// (../shared/notes/fcan-paper-research.md §1b) where it gives them; crop size and the discriminator's learning rate
/// it does not give.
/// </summary>
public sealed record RanSettings
{
    /// <summary>Stage 1 steps (source only).</summary>
    public int Steps { get; init; } = 30000;

    /// <summary>Stage 2 steps (adversarial), after stage 1.</summary>
    public int AdversarialSteps { get; init; } = 10000;

    /// <summary>Source images per step; stage 2 adds as many target images.</summary>
    public int Batch { get; init; } = 6;

    public int CropWidth { get; init; } = 512;

    public int CropHeight { get; init; } = 256;

    /// <summary>Decides the sample order, crops and flips, and the random initial weights of the head and discriminator.</summary>
    public int Seed { get; init; }

    public double LearningRate { get; init; } = 2.5e-3;

    public double AdversarialLearningRate { get; init; } = 1e-4;

    public double DiscriminatorLearningRate { get; init; } = 1e-3;

    /// <summary>The exponent of the "poly" schedule lr * (1 - t/T)^power, applied within each stage.</summary>
    public double PolyPower { get; init; } = 0.9;

    public double Momentum { get; init; } = 0.9;

    public double WeightDecay { get; init; } = 5e-4;

    /// <summary>Weight of the segmentation loss against the adversarial loss in stage 2 (lambda).</summary>
    public double SegmentationWeight { get; init; } = 5;

    public int TotalSteps => Steps + AdversarialSteps;

    /// <summary>Why these settings can't train, or null when they can.</summary>
    public string? Problem()
    {
        if (Steps < 0 || AdversarialSteps < 0) return "step counts can't be negative";
        if (TotalSteps < 1) return "give at least one training step";
        if (Batch < 1) return $"batch must be at least 1 (got {Batch})";
        if (Segmentation.SegmentationNetwork.SizeProblem(CropWidth, CropHeight) is { } crop) return $"crop {crop}";
        double[] positive = [LearningRate, AdversarialLearningRate, DiscriminatorLearningRate, PolyPower, SegmentationWeight];
        if (positive.Any(v => !double.IsFinite(v) || v <= 0)) return "learning rates, poly power and lambda must be finite numbers > 0";
        if (!double.IsFinite(Momentum) || Momentum is < 0 or >= 1) return $"momentum must be in [0, 1) (got {Momentum})";
        if (!double.IsFinite(WeightDecay) || WeightDecay < 0) return $"weight decay must be a finite number >= 0 (got {WeightDecay})";
        return null;
    }
}
