using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Fcan.Testing.Images;

/// <summary>Writes PNG files byte by byte, for the variants general encoders don't make: 16-bit samples, grey with
/// alpha, animation (APNG), and headers that lie. Pixels are given as raw samples in the colour type's order.</summary>
public static class PngBuilder
{
    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Samples per pixel of each PNG colour type (0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA).</summary>
    public static int Channels(byte colourType) => colourType switch
    {
        0 or 3 => 1,
        2 => 3,
        4 => 2,
        6 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(colourType), colourType, "not a PNG colour type"),
    };

    /// <summary>A still image: <paramref name="samples"/> row by row, one or two bytes (big-endian) per sample.</summary>
    public static byte[] Still(int width, int height, byte colourType, byte bitDepth, byte[] samples, byte[]? palette = null)
    {
        using var png = new MemoryStream();
        png.Write(Signature);
        Chunk(png, "IHDR", Header(width, height, colourType, bitDepth));
        if (palette != null) Chunk(png, "PLTE", palette);
        Chunk(png, "IDAT", Compress(width, height, colourType, bitDepth, samples));
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>An animated PNG of 8-bit RGB frames; the first frame is also the default image.</summary>
    public static byte[] Animated(int width, int height, IReadOnlyList<byte[]> rgbFrames)
    {
        using var png = new MemoryStream();
        png.Write(Signature);
        Chunk(png, "IHDR", Header(width, height, 2, 8));
        var control = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(control, rgbFrames.Count);
        Chunk(png, "acTL", control);
        var sequence = 0;
        for (var i = 0; i < rgbFrames.Count; i++)
        {
            Chunk(png, "fcTL", FrameControl(sequence++, width, height));
            var data = Compress(width, height, 2, 8, rgbFrames[i]);
            if (i == 0)
            {
                Chunk(png, "IDAT", data);
                continue;
            }
            var frame = new byte[4 + data.Length];
            BinaryPrimitives.WriteInt32BigEndian(frame, sequence++);
            data.CopyTo(frame, 4);
            Chunk(png, "fdAT", frame);
        }
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>A valid header announcing <paramref name="width"/> x <paramref name="height"/> RGB pixels, followed
    /// by a few bytes of image data: decoding it must not reserve memory for what the header claims.</summary>
    public static byte[] Announcing(int width, int height, byte colourType = 2)
    {
        using var png = new MemoryStream();
        png.Write(Signature);
        Chunk(png, "IHDR", Header(width, height, colourType, 8));
        Chunk(png, "IDAT", [0x78, 0x9C, 0x03, 0x00]);
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static byte[] Header(int width, int height, byte colourType, byte bitDepth)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = bitDepth;
        header[9] = colourType;
        return header;
    }

    private static byte[] FrameControl(int sequence, int width, int height)
    {
        var control = new byte[26];
        BinaryPrimitives.WriteInt32BigEndian(control, sequence);
        BinaryPrimitives.WriteInt32BigEndian(control.AsSpan(4), width);
        BinaryPrimitives.WriteInt32BigEndian(control.AsSpan(8), height);
        BinaryPrimitives.WriteUInt16BigEndian(control.AsSpan(20), 1); // delay 1/10 s
        BinaryPrimitives.WriteUInt16BigEndian(control.AsSpan(22), 10);
        return control;
    }

    /// <summary>Scanlines with filter 0 (none), deflated.</summary>
    private static byte[] Compress(int width, int height, byte colourType, byte bitDepth, byte[] samples)
    {
        var rowBytes = width * Channels(colourType) * bitDepth / 8;
        if (samples.Length != rowBytes * height)
            throw new ArgumentException($"expected {rowBytes * height} bytes of samples, got {samples.Length}", nameof(samples));
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            for (var y = 0; y < height; y++)
            {
                zlib.WriteByte(0);
                zlib.Write(samples, y * rowBytes, rowBytes);
            }
        return compressed.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
        png.Write(chunk);
    }

    /// <summary>PNG's CRC-32 (ISO 3309, reflected, polynomial 0xEDB88320), bit by bit: test files are small.</summary>
    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
