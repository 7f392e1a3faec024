using Fcan.Engine.Colour;
using Fcan.Engine.Imaging;

namespace Fcan.Engine.Aan;

/// <summary>The starting image of a render: noise, the source, the source with the target's colour statistics, or a
/// given image.</summary>
public sealed record AanInit(AanInitKind Kind, PlanarImage? Image = null, ColourMoments? Colours = null, double Strength = 1)
{
    public static AanInit Noise { get; } = new(AanInitKind.Noise);

    public static AanInit Source { get; } = new(AanInitKind.Source);

    public static AanInit FromImage(PlanarImage image) => new(AanInitKind.Image, image);

    /// <summary>The source with its colour moments moved <paramref name="strength"/> of the way to the target's
    /// (<see cref="ColourTransfer"/>): the colours start where the style term would take them, so the iterations
    /// go to texture.</summary>
    public static AanInit ColourMatched(double strength, ColourMoments? target = null) =>
        new(AanInitKind.ColourMatched, Colours: target, Strength: strength);

    /// <summary>This init with the target's colour moments filled in (a preset names the strength; the pool being
    /// rendered against knows the colours).</summary>
    public AanInit WithColours(ColourMoments colours) => Kind == AanInitKind.ColourMatched ? this with { Colours = colours } : this;
}
