namespace Fcan.Grains.Contracts;

/// <summary>A width and height in pixels, e.g. the size every image of a job or pool is resized to.</summary>
[GenerateSerializer, Immutable, Alias("fcan.image-size")]
public sealed record ImageSize(int Width, int Height)
{
    /// <summary>Parses "WxH" (e.g. "512x256"); throws <see cref="FormatException"/> naming the bad text.</summary>
    public static ImageSize Parse(string text)
    {
        var parts = text.Split('x', 'X');
        if (parts.Length == 2 && int.TryParse(parts[0], out var width) && int.TryParse(parts[1], out var height)
            && width > 0 && height > 0)
            return new ImageSize(width, height);
        throw new FormatException($"'{text}' is not a size like 512x256");
    }

    public override string ToString() => $"{Width}x{Height}";
}
