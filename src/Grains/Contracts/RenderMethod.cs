namespace Fcan.Grains.Contracts;

/// <summary>How each image of a job is adapted: FCAN's AAN, or one of the cheap baselines it has to beat (a colour
/// statistics transfer in l-alpha-beta, Fourier domain adaptation).</summary>
[GenerateSerializer, Alias("fcan.render-method")]
public enum RenderMethod
{
    Aan = 0,
    Colour = 1,
    Fda = 2,

    /// <summary>A trained adapter (`fcan adapter train`): AAN's look in one forward pass per image.</summary>
    Adapter = 3,
}
