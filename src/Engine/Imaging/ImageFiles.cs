using Fcan.Data.Imaging;

namespace Fcan.Engine.Imaging;

/// <summary>Reads and writes images by extension: .png and .jpg/.jpeg (8-bit RGB) or .npy (float32 [3,H,W]).</summary>
public static class ImageFiles
{
    /// <summary>Whether the extension names a format this class reads and writes.</summary>
    public static bool IsSupported(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".png" or ".jpg" or ".jpeg" or ".npy";

    /// <summary>Reads an image; throws <see cref="ImageFormatException"/> naming the file and the reason.</summary>
    public static PlanarImage Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageFormatException(path, e is FileNotFoundException ? "file not found" : e.Message);
        }
        return Path.GetExtension(path).ToLowerInvariant() == ".npy"
            ? NpyFormat.Read(bytes, path)
            : PlanarImage.FromRgb(ImageCodec.DecodeRgb(bytes, path));
    }

    /// <summary>Writes .npy exactly, or rounds and clamps to 8 bits for PNG and JPEG.</summary>
    public static void Write(string path, PlanarImage image)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        var bytes = extension switch
        {
            ".npy" => NpyFormat.Write(image),
            ".png" => ImageCodec.EncodePng(image.ToRgb()),
            ".jpg" or ".jpeg" => ImageCodec.EncodeJpeg(image.ToRgb()),
            _ => throw new ImageFormatException(path, $"unknown output format '{extension}' (use .png, .jpg or .npy)"),
        };
        File.WriteAllBytes(path, bytes);
    }
}
