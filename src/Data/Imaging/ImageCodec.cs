using SkiaSharp;

namespace Fcan.Data.Imaging;

/// <summary>PNG and JPEG decoding and PNG encoding through SkiaSharp, with the header checked before any pixel is
/// allocated, so a crafted header can't make us reserve gigabytes. The format is judged by content, never by file
/// name, and only PNG and JPEG are accepted (SkiaSharp would also read WebP, GIF, BMP...). Every PNG and JPEG colour
/// mode becomes 8-bit RGB: grey, palette and 16-bit samples are converted, alpha is dropped, CMYK JPEGs are converted
/// by the codec, and an animated PNG gives its default image (the first frame).</summary>
public static class ImageCodec
{
    /// <summary>Largest accepted pixel count (GTA5 frames are 2 Mpx; Cityscapes 2 Mpx).</summary>
    public const long MaxPixels = 64L * 1024 * 1024;

    /// <summary>Decodes PNG or JPEG bytes to RGB; <paramref name="item"/> names the source in errors.</summary>
    public static RgbImage DecodeRgb(ReadOnlySpan<byte> bytes, string item)
    {
        using var bitmap = DecodeBitmap(bytes, item, SKColorType.Rgba8888);
        var rgba = bitmap.GetPixelSpan();
        var rgb = new byte[bitmap.Width * bitmap.Height * 3];
        for (int p = 0, q = 0; q < rgb.Length; p += 4, q += 3)
        {
            rgb[q] = rgba[p];
            rgb[q + 1] = rgba[p + 1];
            rgb[q + 2] = rgba[p + 2];
        }
        return new RgbImage(bitmap.Width, bitmap.Height, rgb);
    }

    /// <summary>Decodes a single-channel 8-bit PNG (a label map) to its raw values.</summary>
    public static (int Width, int Height, byte[] Values) DecodeGray(ReadOnlySpan<byte> bytes, string item)
    {
        using var bitmap = DecodeBitmap(bytes, item, SKColorType.Gray8);
        return (bitmap.Width, bitmap.Height, bitmap.GetPixelSpan().ToArray());
    }

    /// <summary>Encodes RGB pixels as PNG.</summary>
    public static byte[] EncodePng(RgbImage image) =>
        Encode(image.Width, image.Height, ToRgba(image), SKColorType.Rgba8888, SKEncodedImageFormat.Png, 100);

    /// <summary>Encodes RGB pixels as JPEG (lossy: for looking at renders, never for shards).</summary>
    public static byte[] EncodeJpeg(RgbImage image, int quality = 95) =>
        Encode(image.Width, image.Height, ToRgba(image), SKColorType.Rgba8888, SKEncodedImageFormat.Jpeg, quality);

    /// <summary>Encodes single-channel 8-bit values (a label map) as a grayscale PNG.</summary>
    public static byte[] EncodeGrayPng(int width, int height, byte[] values) =>
        Encode(width, height, values, SKColorType.Gray8, SKEncodedImageFormat.Png, 100);

    private static byte[] ToRgba(RgbImage image)
    {
        var rgba = new byte[image.Width * image.Height * 4];
        for (int p = 0, q = 0; q < image.Pixels.Length; p += 4, q += 3)
        {
            rgba[p] = image.Pixels[q];
            rgba[p + 1] = image.Pixels[q + 1];
            rgba[p + 2] = image.Pixels[q + 2];
            rgba[p + 3] = 255;
        }
        return rgba;
    }

    private static byte[] Encode(int width, int height, byte[] pixels, SKColorType colorType, SKEncodedImageFormat format, int quality)
    {
        var info = new SKImageInfo(width, height, colorType, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        using var data = bitmap.Encode(format, quality);
        return data.ToArray();
    }

    private static SKBitmap DecodeBitmap(ReadOnlySpan<byte> bytes, string item, SKColorType colorType)
    {
        if (bytes.Length == 0) throw new ImageFormatException(item, "empty file (0 bytes)");
        // The codec takes ownership of the stream.
        using var codec = SKCodec.Create(new SKMemoryStream(bytes.ToArray()), out var result)
            ?? throw new ImageFormatException(item, $"not a readable PNG or JPEG ({result})");
        if (codec.EncodedFormat is not (SKEncodedImageFormat.Png or SKEncodedImageFormat.Jpeg))
            throw new ImageFormatException(item, $"a {codec.EncodedFormat.ToString().ToUpperInvariant()} image, not PNG or JPEG");
        var header = codec.Info;
        if (header.Width <= 0 || header.Height <= 0)
            throw new ImageFormatException(item, $"invalid size {header.Width}x{header.Height}");
        if ((long)header.Width * header.Height > MaxPixels)
            throw new ImageFormatException(item, $"header announces {header.Width}x{header.Height} pixels, more than the {MaxPixels} allowed");
        var info = new SKImageInfo(header.Width, header.Height, colorType, SKAlphaType.Unpremul);
        var bitmap = new SKBitmap(info);
        var status = codec.GetPixels(info, bitmap.GetPixels());
        if (status != SKCodecResult.Success)
        {
            bitmap.Dispose();
            var reason = status == SKCodecResult.IncompleteInput ? "truncated image data" : $"decoding failed ({status})";
            throw new ImageFormatException(item, reason);
        }
        return bitmap;
    }
}
