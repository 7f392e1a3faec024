using Fcan.Engine.Aan;
using System.Text.Json.Serialization;

namespace Fcan.Grains.Contracts;

/// <summary>How each image of a job is rendered: every value of the AAN settings, resolved from a preset and the
/// options that override it, so the item .json and the refresh fingerprint (which serialise this record) change
/// whenever what a render does changes. New fields go last: records' serialized fields follow parameter order, and
/// a missing field must mean what older jobs did (the paper's reading).</summary>
/// <param name="Iterations">AAN optimisation steps per image.</param>
/// <param name="Size">Resize sources to this size first; null keeps each source's own size.</param>
/// <param name="Seed">Seed of the noise initialisation, so a re-render is reproducible.</param>
/// <param name="Init">Where each render starts.</param>
/// <param name="Alpha">Style weight alpha of the AAN loss.</param>
/// <param name="Beta">Step size beta of the update rule.</param>
/// <param name="Method">How each image is adapted; AAN's fields apply to <see cref="RenderMethod.Aan"/> only.</param>
/// <param name="FdaBand">FDA's band beta, set for <see cref="RenderMethod.Fda"/> only (null otherwise, so it can't
/// change another method's fingerprint).</param>
/// <param name="Preset">The preset these values came from (null: set by hand, or a job from before presets).</param>
/// <param name="ContentWeights">ws per tap (null: the paper's 0,0,0,1,1).</param>
/// <param name="StyleWeights">wt per tap (null: 1,1,1,1,1).</param>
/// <param name="Scale">How each layer's loss term is scaled.</param>
/// <param name="Smoothness">Weight of the total-variation prior.</param>
/// <param name="ColourStrength">How far a colour-matched init moves the source's colours to the pool's (0..1).</param>
/// <param name="Adapter">The trained adapter's location (an `fcan adapter train --out`), for <see cref="RenderMethod.Adapter"/> only.</param>
/// <param name="AdapterHash">The SHA-256 of its adapter file, pinned when the job is made, so the fingerprint names the
/// adapter's content and a worker refuses a file that changed since. Both are left out of the JSON when null, so they
/// don't change another method's fingerprint.</param>
[GenerateSerializer, Immutable, Alias("fcan.render-settings")]
public sealed record RenderSettings(int Iterations, ImageSize? Size, int Seed, RenderInit Init = RenderInit.Noise,
    double Alpha = 1e-14, double Beta = 10, RenderMethod Method = RenderMethod.Aan, double? FdaBand = null,
    string? Preset = null, IReadOnlyList<double>? ContentWeights = null, IReadOnlyList<double>? StyleWeights = null,
    RenderLossScale Scale = RenderLossScale.Raw, double Smoothness = 0, double ColourStrength = 1,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Adapter = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AdapterHash = null)
{
    /// <summary>The default preset's settings at each source's own size.</summary>
    public static RenderSettings Default { get; } = FromPreset(AanPresets.Default, size: null);

    public static RenderSettings FromPreset(AanPreset preset, ImageSize? size) =>
        From(AanPresets.Settings(preset), size) with { Preset = AanPresets.Name(preset) };

    /// <summary>Every value of <paramref name="settings"/> that a job carries (not the device-dependent precision).</summary>
    public static RenderSettings From(AanSettings settings, ImageSize? size) => new(
        settings.Iterations, size, settings.Seed,
        settings.Init.Kind switch
        {
            AanInitKind.Noise => RenderInit.Noise,
            AanInitKind.Source => RenderInit.Source,
            AanInitKind.ColourMatched => RenderInit.ColourMatched,
            _ => throw new ArgumentException($"a job can't start its renders from a {settings.Init.Kind} init"),
        },
        settings.Alpha, settings.Beta, RenderMethod.Aan, FdaBand: null, Preset: null, settings.ContentWeights.ToArray(), settings.StyleWeights.ToArray(),
        settings.Scale == LossScale.Relative ? RenderLossScale.Relative : RenderLossScale.Raw, settings.Smoothness,
        settings.Init.Strength);

    /// <summary>The engine's settings for these values (the colour-matched init still needs the pool's colours).</summary>
    public AanSettings ToAan() => AanSettings.Paper with
    {
        Iterations = Iterations,
        Seed = Seed,
        Init = Init switch
        {
            RenderInit.Source => AanInit.Source,
            RenderInit.ColourMatched => AanInit.ColourMatched(ColourStrength),
            _ => AanInit.Noise,
        },
        Alpha = Alpha,
        Beta = Beta,
        ContentWeights = ContentWeights ?? AanSettings.Paper.ContentWeights,
        StyleWeights = StyleWeights ?? AanSettings.Paper.StyleWeights,
        Scale = Scale == RenderLossScale.Relative ? LossScale.Relative : LossScale.Raw,
        Smoothness = Smoothness,
    };
}

/// <summary>The wire form of <see cref="LossScale"/>.</summary>
[GenerateSerializer, Alias("fcan.render-loss-scale")]
public enum RenderLossScale
{
    Raw = 0,
    Relative = 1,
}
