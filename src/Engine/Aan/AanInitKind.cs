namespace Fcan.Engine.Aan;

/// <summary>Where the optimised image x^0 starts.</summary>
public enum AanInitKind
{
    /// <summary>Seeded white noise, N(128, 30^2) per RGB channel (the paper).</summary>
    Noise,

    /// <summary>The source image itself.</summary>
    Source,

    /// <summary>A given image of the render's size.</summary>
    Image,

    /// <summary>The source with the target's colour statistics (<see cref="AanInit.ColourMatched"/>).</summary>
    ColourMatched,
}
