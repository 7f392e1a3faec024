namespace Fcan.Data.Imaging;

/// <summary>An 8-bit RGB image, pixels interleaved row by row (R, G, B, R, G, B, ...).</summary>
public sealed record RgbImage(int Width, int Height, byte[] Pixels)
{
    public byte this[int x, int y, int channel] => Pixels[(y * Width + x) * 3 + channel];
}
