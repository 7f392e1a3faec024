namespace Fcan.Engine.Aan;

/// <summary>Everything that decides an AAN render besides its images. <see cref="Paper"/> is the paper's preset.</summary>
public sealed record AanSettings
{
    public const int Layers = 5;

    public int Iterations { get; init; } = 1000;

    /// <summary>Weight of the style term.</summary>
    public double Alpha { get; init; } = 1e-14;

    /// <summary>Step scale: w_i = Beta * (I - i + 1) / I.</summary>
    public double Beta { get; init; } = 10;

    /// <summary>ws per tap (the paper gives none; content from the two deepest layers).</summary>
    public IReadOnlyList<double> ContentWeights { get; init; } = [0, 0, 0, 1, 1];

    /// <summary>wt per tap.</summary>
    public IReadOnlyList<double> StyleWeights { get; init; } = [1, 1, 1, 1, 1];

    public StepNorm StepNorm { get; init; } = StepNorm.MeanAbs;

    /// <summary>How each layer's term is scaled: the paper's raw sums, or relative errors (one alpha for every size).</summary>
    public LossScale Scale { get; init; } = LossScale.Raw;

    /// <summary>Weight of the total-variation smoothness prior on x (the paper has none).</summary>
    public double Smoothness { get; init; }

    public AanInit Init { get; init; } = AanInit.Noise;

    /// <summary>Seeds the noise init; the same seed gives the same render on CPU.</summary>
    public int Seed { get; init; }

    /// <summary>The arithmetic of the feature network (float32 by default, the spec's results).</summary>
    public AanPrecision Precision { get; init; } = AanPrecision.Fp32;

    /// <summary>The iteration callback runs every this many iterations and after the last. Reading the loss waits
    /// for the device, so a large value keeps a GPU busy; it never changes the render.</summary>
    public int ReportEvery { get; init; } = 1;

    /// <summary>FCAN's preset: alpha 1e-14, 1000 iterations, beta 10, white-noise init.</summary>
    public static AanSettings Paper { get; } = new();

    /// <summary>Why these settings can't render, or null when they can.</summary>
    public string? Problem()
    {
        if (Iterations < 1) return $"iterations must be at least 1 (got {Iterations})";
        if (!double.IsFinite(Alpha) || Alpha < 0) return $"alpha must be a finite number >= 0 (got {Alpha})";
        if (!double.IsFinite(Beta) || Beta <= 0) return $"beta must be a finite number > 0 (got {Beta})";
        if (ContentWeights.Count != Layers) return $"content weights need {Layers} values (got {ContentWeights.Count})";
        if (StyleWeights.Count != Layers) return $"style weights need {Layers} values (got {StyleWeights.Count})";
        if (ContentWeights.Concat(StyleWeights).Any(w => !double.IsFinite(w) || w < 0)) return "layer weights must be finite numbers >= 0";
        if (!double.IsFinite(Smoothness) || Smoothness < 0) return $"smoothness must be a finite number >= 0 (got {Smoothness})";
        if (ReportEvery < 1) return $"report interval must be at least 1 (got {ReportEvery})";
        if (Init.Kind == AanInitKind.Image && Init.Image == null) return "an image init needs its image";
        if (!double.IsFinite(Init.Strength) || Init.Strength is < 0 or > 1) return $"colour strength must be between 0 and 1 (got {Init.Strength})";
        return null;
    }
}
