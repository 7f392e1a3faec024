using System.CommandLine;
using System.Globalization;
using Fcan.Engine.Aan;

namespace Fcan.Client.Cli;

/// <summary>
/// The AAN options of `render`, `convert`, `schedule add` and `demo`: `--preset` names a set of values
/// (Engine's <see cref="AanPresets"/> owns them and the default) and every other option given overrides one of them.
/// So these options have no defaults of their own: an option left out means "what the preset says".
/// </summary>
public sealed class AanOptions(bool imageInit)
{
    public Option<string> Preset { get; } = new Option<string>("--preset")
    {
        Description = "Named AAN settings: quality (the default), fast, or paper (FCAN's literal preset); other AAN options override its values",
        DefaultValueFactory = _ => AanPresets.Name(AanPresets.Default),
    }.AcceptOnlyFromAmong(AanPresets.All.Select(AanPresets.Name).ToArray());

    public Option<int?> Iterations { get; } = new("--iterations") { Description = "AAN iterations per image (preset: quality 100, fast 50, paper 1000)", HelpName = "N" };

    public Option<double?> Alpha { get; } = new("--alpha") { Description = "Style weight alpha", HelpName = "A" };

    public Option<double?> Beta { get; } = new("--beta") { Description = "Step size beta", HelpName = "B" };

    public Option<string?> Init { get; } = new("--init")
    {
        Description = imageInit
            ? "Start image: noise, source, colour (the source with the target's colour statistics) or an image file"
            : "Start each render from noise, the source, or colour (the source with the pool's colour statistics)",
    };

    public Option<int?> Seed { get; } = new("--seed") { Description = "Seed of the noise initialisation", HelpName = "N" };

    public Option<string?> ContentWeights { get; } = new("--content-weights") { Description = "ws for the 5 taps, comma separated", HelpName = "w1,..,w5" };

    public Option<string?> StyleWeights { get; } = new("--style-weights") { Description = "wt for the 5 taps, comma separated", HelpName = "w1,..,w5" };

    public Option<string?> LossScale { get; } = new("--loss-scale") { Description = "raw (the paper's sums) or relative (each layer's error over its reference's norm: one alpha for every size)" };

    public Option<double?> Smoothness { get; } = new("--smoothness") { Description = "Weight of a total-variation prior on the image", HelpName = "W" };

    public Option<double?> ColourStrength { get; } = new("--colour-strength") { Description = "How far the colour init moves the source's colours to the target's, 0..1", HelpName = "S" };

    public Option<string?> StepNorm { get; } = new("--step-norm") { Description = "N(g) of the update: mean-abs or l1" };

    public void AddTo(Command command)
    {
        Option[] options = [Preset, Iterations, Alpha, Beta, Init, Seed, ContentWeights, StyleWeights, LossScale, Smoothness, ColourStrength];
        foreach (var option in options) command.Options.Add(option);
        if (imageInit) command.Options.Add(StepNorm);
    }

    /// <summary>The preset's settings with every given option applied, checked; an --init image file is returned
    /// by name for the caller to read (render only).</summary>
    public (AanPreset Preset, AanSettings Settings, string? InitFile) Read(CommandContext ctx)
    {
        var preset = AanPresets.Find(ctx.Value(Preset))!.Value;
        var settings = AanPresets.Settings(preset);
        string? initFile = null;
        if (ctx.Value(Iterations) is { } iterations) settings = settings with { Iterations = iterations };
        if (ctx.Value(Alpha) is { } alpha) settings = settings with { Alpha = alpha };
        if (ctx.Value(Beta) is { } beta) settings = settings with { Beta = beta };
        if (ctx.Value(Seed) is { } seed) settings = settings with { Seed = seed };
        if (ctx.Value(ContentWeights) is { } content) settings = settings with { ContentWeights = LayerWeights(ContentWeights.Name, content) };
        if (ctx.Value(StyleWeights) is { } style) settings = settings with { StyleWeights = LayerWeights(StyleWeights.Name, style) };
        if (ctx.Value(LossScale) is { } scale)
            settings = settings with { Scale = Choice(LossScale.Name, scale, ("raw", Engine.Aan.LossScale.Raw), ("relative", Engine.Aan.LossScale.Relative)) };
        if (ctx.Value(StepNorm) is { } norm)
            settings = settings with { StepNorm = Choice(StepNorm.Name, norm, ("mean-abs", Engine.Aan.StepNorm.MeanAbs), ("l1", Engine.Aan.StepNorm.L1)) };
        var strength = ctx.Value(ColourStrength) ?? settings.Init.Strength;
        var init = ctx.Value(Init);
        if (init is not (null or "noise" or "source" or "colour"))
            initFile = imageInit ? init : throw new UsageException($"--init {init}: expected noise, source or colour");
        settings = settings with
        {
            Init = init switch
            {
                null => settings.Init with { Strength = strength },
                "noise" => AanInit.Noise,
                "source" => AanInit.Source,
                "colour" => AanInit.ColourMatched(strength),
                _ => AanInit.Source, // the caller reads the image file and starts from it
            },
        };
        if (settings.Problem() is { } problem) throw new UsageException(problem);
        return (preset, settings, initFile);
    }

    private static T Choice<T>(string option, string value, params (string Name, T Value)[] choices) =>
        choices.FirstOrDefault(c => c.Name == value) is { Name: not null } choice
            ? choice.Value
            : throw new UsageException($"{option} {value}: expected {string.Join(" or ", choices.Select(c => c.Name))}");

    private static double[] LayerWeights(string option, string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
                throw new UsageException($"{option} {text}: '{parts[i]}' is not a number");
        if (values.Length != AanSettings.Layers) throw new UsageException($"{option} {text}: expected {AanSettings.Layers} comma-separated weights");
        return values;
    }
}
