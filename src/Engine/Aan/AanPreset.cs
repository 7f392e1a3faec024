namespace Fcan.Engine.Aan;

/// <summary>Named AAN settings (`--preset`).</summary>
public enum AanPreset
{
    /// <summary>The paper's literal reading (../shared/spec/aan.md): the object of the parity protocol.</summary>
    Paper,

    /// <summary>The best adaptation measured within 100 iterations (EXPERIMENTS.md).</summary>
    Quality,

    /// <summary>The quality preset's loss in half the iterations.</summary>
    Fast,
}

/// <summary>
/// The one owner of every preset's values and of the default. Quality and fast were chosen by measurement
/// (EXPERIMENTS.md, "AAN that adapts"): the render starts from the source with the pool's colour statistics, so the
/// iterations go to texture; every layer's term is a relative error, so one alpha holds at every size and backbone;
/// the style weights fall with depth, because deep Gram terms at these sizes paint texture that is not in the pool;
/// content on the three deepest taps keeps the scene.
/// </summary>
public static class AanPresets
{
    public const AanPreset Default = AanPreset.Quality;

    public static IReadOnlyList<AanPreset> All { get; } = Enum.GetValues<AanPreset>();

    public static AanSettings Settings(AanPreset preset) => preset switch
    {
        AanPreset.Paper => AanSettings.Paper,
        AanPreset.Quality => Adapting with { Iterations = 100 },
        AanPreset.Fast => Adapting with { Iterations = 50 },
        _ => throw new ArgumentOutOfRangeException(nameof(preset), preset, null),
    };

    public static string Name(AanPreset preset) => preset.ToString().ToLowerInvariant();

    /// <summary>The preset called <paramref name="name"/>, or null.</summary>
    public static AanPreset? Find(string name) => All.Cast<AanPreset?>().FirstOrDefault(p => Name(p!.Value) == name);

    private static AanSettings Adapting { get; } = AanSettings.Paper with
    {
        Init = AanInit.ColourMatched(strength: 0.8),
        Scale = LossScale.Relative,
        Alpha = 30,
        Beta = 1,
        ContentWeights = [0, 0, 1, 1, 1],
        StyleWeights = [1, 1, 0.1, 0.01, 0.01],
    };
}
