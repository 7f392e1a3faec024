using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using Fcan.Data.Datasets;

namespace Fcan.Engine.Segmentation;

/// <summary>
/// Label maps as 8-bit palette PNGs: each pixel's value is its train id and the palette gives it the Cityscapes colour
/// (255, ignored, is black). Viewers show the colours; label readers (Fcan's LabelMapCodec, PIL's mode "P") read the ids.
/// </summary>
public static class CityscapesPalette
{
    /// <summary>The official Cityscapes colours of the 19 train ids, in train-id order.</summary>
    public static IReadOnlyList<(byte R, byte G, byte B)> Colours { get; } =
    [
        (128, 64, 128), (244, 35, 232), (70, 70, 70), (102, 102, 156), (190, 153, 153), (153, 153, 153),
        (250, 170, 30), (220, 220, 0), (107, 142, 35), (152, 251, 152), (70, 130, 180), (220, 20, 60),
        (255, 0, 0), (0, 0, 142), (0, 0, 70), (0, 60, 100), (0, 80, 100), (0, 0, 230), (119, 11, 32),
    ];

    public static byte[] EncodePng(int width, int height, ReadOnlySpan<byte> trainIds)
    {
        if (trainIds.Length != width * height) throw new ArgumentException($"{trainIds.Length} train ids for a {width}x{height} map");
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 3; // palette colour
        Chunk(png, "IHDR", header);
        Chunk(png, "PLTE", Palette());
        Chunk(png, "IDAT", Scanlines(width, height, trainIds));
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>256 entries, so every byte value is a valid index.</summary>
    private static byte[] Palette()
    {
        var palette = new byte[256 * 3];
        for (var id = 0; id < CityscapesLabels.ClassCount; id++)
            (palette[id * 3], palette[id * 3 + 1], palette[id * 3 + 2]) = Colours[id];
        return palette;
    }

    private static byte[] Scanlines(int width, int height, ReadOnlySpan<byte> trainIds)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            for (var y = 0; y < height; y++)
            {
                zlib.WriteByte(0); // filter: none
                zlib.Write(trainIds.Slice(y * width, width));
            }
        return compressed.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.HashToUInt32(typeAndData));
        png.Write(word);
    }
}
