using System.Text.Json.Serialization;

namespace Fcan.Grains.Contracts;

/// <summary>How each image of a job is rendered; part of the job spec so a refresh can tell what changed.</summary>
/// <param name="Iterations">AAN optimisation steps per image.</param>
/// <param name="Size">Resize sources to this size first; null keeps each source's own size.</param>
/// <param name="Seed">Seed of the noise initialisation, so a re-render is reproducible.</param>
/// <param name="Init">Where each render starts (new fields go last: records' serialized fields follow parameter order).</param>
/// <param name="Alpha">Style weight alpha of the AAN loss (the paper: 1e-14).</param>
/// <param name="Beta">Step size beta of the update rule (the paper: 10).</param>
/// <param name="Method">How each image is adapted; AAN's fields above apply to <see cref="RenderMethod.Aan"/> only.</param>
/// <param name="FdaBand">FDA's band beta, set for <see cref="RenderMethod.Fda"/> only (null otherwise, so it can't
/// change another method's fingerprint).</param>
/// <param name="Adapter">The trained adapter's location (an `fcan adapter train --out`), for <see cref="RenderMethod.Adapter"/> only.</param>
/// <param name="AdapterHash">The SHA-256 of its adapter file, pinned when the job is made, so the fingerprint names the
/// adapter's content and a worker refuses a file that changed since. Both are left out of the JSON when null, so they
/// don't change another method's fingerprint.</param>
[GenerateSerializer, Immutable, Alias("fcan.render-settings")]
public sealed record RenderSettings(int Iterations, ImageSize? Size, int Seed, RenderInit Init = RenderInit.Noise,
    double Alpha = 1e-14, double Beta = 10, RenderMethod Method = RenderMethod.Aan, double? FdaBand = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Adapter = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AdapterHash = null)
{
    public static RenderSettings Default { get; } = new(Iterations: 100, Size: null, Seed: 0);
}
