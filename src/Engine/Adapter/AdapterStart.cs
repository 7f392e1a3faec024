using Fcan.Engine.Aan;
using Fcan.Engine.Colour;
using static TorchSharp.torch;

namespace Fcan.Engine.Adapter;

/// <summary>
/// What an adapter's network is given: the image the AAN loss's preset starts from when that start is a function of the
/// source alone. The default preset starts from the source with the pool's colour moments
/// (<see cref="AanInitKind.ColourMatched"/>), so the network learns only what AAN's iterations add to that start,
/// not the colour shift too; any other start is the source itself. Training and conversion both move each whole image
/// (before cropping), so the moments a crop was trained with are the ones its image has at conversion.
/// </summary>
public static class AdapterStart
{
    /// <summary>Why <paramref name="init"/> can't start an adapter, or null when it can.</summary>
    public static string? Problem(AanInit init) =>
        init.Kind == AanInitKind.ColourMatched && init.Colours == null
            ? "a colour-matched adapter start needs the pool's colour moments"
            : null;

    /// <summary>The start of whole images [N,3,H,W] (RGB 0..255); <paramref name="rgb"/> itself when it is the source.</summary>
    public static Tensor Of(Tensor rgb, AanInit init) =>
        init.Kind == AanInitKind.ColourMatched ? ColourTransfer.Apply(rgb, init.Colours!, init.Strength) : rgb;
}
