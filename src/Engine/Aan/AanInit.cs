using Fcan.Engine.Imaging;

namespace Fcan.Engine.Aan;

/// <summary>The starting image of a render: noise, the source, or a given image.</summary>
public sealed record AanInit(AanInitKind Kind, PlanarImage? Image = null)
{
    public static AanInit Noise { get; } = new(AanInitKind.Noise);

    public static AanInit Source { get; } = new(AanInitKind.Source);

    public static AanInit FromImage(PlanarImage image) => new(AanInitKind.Image, image);
}
