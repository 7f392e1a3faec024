namespace Fcan.Grains.Rendering;

/// <summary>One file of a rendered item, named by its suffix: "png" (the adapted image), "label.png", "json".</summary>
public sealed record RenderedMember(string Suffix, byte[] Content);
