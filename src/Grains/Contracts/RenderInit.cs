namespace Fcan.Grains.Contracts;

/// <summary>Where each render starts: the paper's white noise, or the source image itself (converges in far fewer
/// iterations, since the content is already there and only the style has to move).</summary>
[GenerateSerializer, Alias("fcan.render-init")]
public enum RenderInit
{
    Noise = 0,
    Source = 1,
}
