using System.Buffers.Binary;
using System.IO.Compression;

namespace Fcan.Data.Imaging;

/// <summary>
/// Reads label maps: 8-bit grayscale or 8-bit palette PNGs, returning the stored values themselves. GTA5 ships its
/// labels as palette PNGs whose palette index is the label id; general decoders (SkiaSharp included) expand the
/// palette to colours, so this reads the PNG structure directly (zlib from the BCL). The header is checked against
/// <see cref="ImageCodec.MaxPixels"/> before anything is allocated.
/// </summary>
public static class LabelMapCodec
{
    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static (int Width, int Height, byte[] Values) Decode(ReadOnlySpan<byte> png, string item)
    {
        if (png.Length == 0) throw new ImageFormatException(item, "empty file (0 bytes)");
        if (!png.StartsWith(Signature)) throw new ImageFormatException(item, "not a PNG (label maps must be PNG)");
        int width = 0, height = 0;
        using var compressed = new MemoryStream();
        var offset = Signature.Length;
        while (true)
        {
            if (offset + 8 > png.Length) throw new ImageFormatException(item, "truncated image data");
            var length = BinaryPrimitives.ReadInt32BigEndian(png[offset..]);
            var type = System.Text.Encoding.ASCII.GetString(png.Slice(offset + 4, 4));
            if (length < 0 || offset + 12L + length > png.Length) throw new ImageFormatException(item, "truncated image data");
            var data = png.Slice(offset + 8, length);
            offset += 12 + length;
            if (type == "IHDR") (width, height) = Header(data, item);
            else if (type == "IDAT") compressed.Write(data);
            else if (type == "IEND") break;
        }
        if (width == 0) throw new ImageFormatException(item, "PNG without a header");
        return (width, height, Unfilter(compressed, width, height, item));
    }

    private static (int Width, int Height) Header(ReadOnlySpan<byte> data, string item)
    {
        if (data.Length < 13) throw new ImageFormatException(item, "invalid PNG header");
        var width = BinaryPrimitives.ReadInt32BigEndian(data);
        var height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
        if (width <= 0 || height <= 0) throw new ImageFormatException(item, $"invalid size {width}x{height}");
        if ((long)width * height > ImageCodec.MaxPixels)
            throw new ImageFormatException(item, $"header announces {width}x{height} pixels, more than the {ImageCodec.MaxPixels} allowed");
        var (bitDepth, colourType, interlace) = (data[8], data[9], data[12]);
        if (bitDepth != 8 || colourType is not (0 or 3) || interlace != 0)
            throw new ImageFormatException(item,
                $"label maps must be non-interlaced 8-bit grayscale or palette PNGs (bit depth {bitDepth}, colour type {colourType}, interlace {interlace})");
        return (width, height);
    }

    /// <summary>Inflates the scanlines and undoes PNG's per-row filters (one byte per pixel).</summary>
    private static byte[] Unfilter(MemoryStream compressed, int width, int height, string item)
    {
        var values = new byte[(long)width * height];
        var previous = new byte[width];
        var row = new byte[width + 1];
        compressed.Position = 0;
        using var inflate = new ZLibStream(compressed, CompressionMode.Decompress);
        try
        {
            for (var y = 0; y < height; y++)
            {
                inflate.ReadExactly(row);
                var line = row.AsSpan(1);
                for (var x = 0; x < width; x++)
                {
                    int left = x > 0 ? line[x - 1] : 0, up = previous[x], upLeft = x > 0 ? previous[x - 1] : 0;
                    line[x] += row[0] switch
                    {
                        0 => 0,
                        1 => (byte)left,
                        2 => (byte)up,
                        3 => (byte)((left + up) / 2),
                        4 => Paeth(left, up, upLeft),
                        _ => throw new ImageFormatException(item, $"corrupt image data (row filter {row[0]})"),
                    };
                }
                line.CopyTo(values.AsSpan(y * width));
                line.CopyTo(previous);
            }
        }
        catch (EndOfStreamException)
        {
            throw new ImageFormatException(item, "truncated image data");
        }
        catch (InvalidDataException)
        {
            throw new ImageFormatException(item, "corrupt image data");
        }
        return values;
    }

    private static byte Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return (byte)(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
    }
}
