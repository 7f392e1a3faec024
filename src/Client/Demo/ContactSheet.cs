using Fcan.Data.Imaging;

namespace Fcan.Client.Demo;

/// <summary>
/// A before/after picture: one row per image with its source, its adapted render and a real example, side by side on
/// a white background, so a reader sees at a glance whether the adaptation moved the look towards the real half.
/// </summary>
public static class ContactSheet
{
    private const int Gap = 4;

    public static RgbImage Compose(IReadOnlyList<IReadOnlyList<RgbImage>> rows)
    {
        if (rows.Count == 0) throw new ArgumentException("a contact sheet needs at least one row", nameof(rows));
        var columns = rows.Max(r => r.Count);
        var cellWidth = rows.SelectMany(r => r).Max(i => i.Width);
        var cellHeight = rows.SelectMany(r => r).Max(i => i.Height);
        var width = columns * cellWidth + (columns + 1) * Gap;
        var height = rows.Count * cellHeight + (rows.Count + 1) * Gap;
        var pixels = new byte[width * height * 3];
        Array.Fill(pixels, (byte)255);
        for (var row = 0; row < rows.Count; row++)
        for (var column = 0; column < rows[row].Count; column++)
            Blit(rows[row][column], pixels, width, Gap + column * (cellWidth + Gap), Gap + row * (cellHeight + Gap));
        return new RgbImage(width, height, pixels);
    }

    private static void Blit(RgbImage image, byte[] target, int targetWidth, int left, int top)
    {
        var rowBytes = image.Width * 3;
        for (var y = 0; y < image.Height; y++)
            Array.Copy(image.Pixels, y * rowBytes, target, ((top + y) * targetWidth + left) * 3, rowBytes);
    }
}
