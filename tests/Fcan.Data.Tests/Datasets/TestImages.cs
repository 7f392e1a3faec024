using System.Buffers.Binary;
using System.IO.Hashing;
using Fcan.Data.Imaging;
using SkiaSharp;

namespace Fcan.Data.Tests.Datasets;

/// <summary>Small real image files for reader tests, good and bad.</summary>
public static class TestImages
{
    public static byte[] Png(int width, int height, byte shade = 90)
    {
        var pixels = new byte[width * height * 3];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)(shade + i % 7);
        return ImageCodec.EncodePng(new RgbImage(width, height, pixels));
    }

    /// <summary>A label map of Cityscapes label ids: the top half <paramref name="top"/>, the bottom half <paramref name="bottom"/>.</summary>
    public static byte[] Label(int width, int height, byte top = 23, byte bottom = 7)
    {
        var values = new byte[width * height];
        for (var i = 0; i < values.Length; i++) values[i] = i < values.Length / 2 ? top : bottom;
        return ImageCodec.EncodeGrayPng(width, height, values);
    }

    /// <summary>A WebP image: SkiaSharp reads it, but it is no PNG or JPEG whatever its file is named.</summary>
    public static byte[] WebP(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(new SKColor(90, 120, 150));
        using var data = bitmap.Encode(SKEncodedImageFormat.Webp, 90);
        return data.ToArray();
    }

    public static byte[] Jpeg(int width, int height)
    {
        // Noise, so the compressed scan (not the header tables) makes up most of the file.
        using var bitmap = new SKBitmap(width, height);
        var random = new Random(width * height);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                bitmap.SetPixel(x, y, new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    /// <summary>A crafted PNG: a valid header announcing a huge image, followed by a few bytes of image data.</summary>
    public static byte[] PngAnnouncing(int width, int height, byte colourType = 2)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = colourType;
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Chunk("IHDR", header), .. Chunk("IDAT", [0x78, 0x9C, 0x03, 0x00]), .. Chunk("IEND", [])];
    }

    /// <summary>An 8-bit palette PNG whose pixels are the given palette indices (how GTA5 stores its labels);
    /// palette entry i is a colour unrelated to i, so reading colours instead of indices would show.</summary>
    public static byte[] PalettePng(int width, int height, byte[] indices)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = 3;
        var palette = Enumerable.Range(0, 34).SelectMany(i => new[] { (byte)(i * 7), (byte)(255 - i), (byte)(i * 3) }).ToArray();
        using var scanlines = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(scanlines, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
            for (var y = 0; y < height; y++)
            {
                zlib.WriteByte(0);
                zlib.Write(indices, y * width, width);
            }
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A,
            .. Chunk("IHDR", header), .. Chunk("PLTE", palette), .. Chunk("IDAT", scanlines.ToArray()), .. Chunk("IEND", [])];
    }

    public static byte[] Truncated(byte[] file) => file[..(file.Length / 2)];

    private static byte[] Chunk(string type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32.HashToUInt32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }
}
