namespace Fcan.Grains.Contracts;

/// <summary>Where each render starts: the paper's white noise, the source image itself (converges in far fewer
/// iterations, since the content is already there and only the style has to move), or the source with the pool's
/// colour statistics (the iterations then go to texture).</summary>
[GenerateSerializer, Alias("fcan.render-init")]
public enum RenderInit
{
    Noise = 0,
    Source = 1,
    ColourMatched = 2,
}
