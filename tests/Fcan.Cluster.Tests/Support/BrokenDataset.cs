using Fcan.Data.Imaging;
using Fcan.Testing.Images;

namespace Fcan.Cluster.Tests.Support;

/// <summary>
/// A `folder`-layout dataset holding every kind of bad input the product meets, next to good images. Some kinds are
/// converted on purpose (README, "What a conversion accepts"): other colour modes, 16-bit samples, CMYK JPEG,
/// animated PNG (its first frame), odd but safe names, symlinks inside the root. The others are failures with a
/// reason. <see cref="Converted"/> and <see cref="Failures"/> say which is which.
/// </summary>
public sealed class BrokenDataset
{
    private const int Width = StreetImages.Width;
    private const int Height = StreetImages.Height;

    private readonly string root;
    private readonly Random random = new(7);
    private readonly List<string> converted = [];
    private readonly Dictionary<string, string> failures = new(StringComparer.Ordinal);

    private BrokenDataset(string root) => this.root = root;

    /// <summary>Keys that must come out converted, once each.</summary>
    public IReadOnlyList<string> Converted => converted;

    /// <summary>Keys that must be reported, each with a part of its reason.</summary>
    public IReadOnlyDictionary<string, string> Failures => failures;

    /// <summary>Writes the dataset under <paramref name="root"/>; <paramref name="outside"/> receives the file the
    /// escaping symlinks point at.</summary>
    public static BrokenDataset Write(string root, string outside)
    {
        var dataset = new BrokenDataset(root);
        dataset.WriteGood();
        dataset.WriteOtherModes();
        dataset.WriteBroken(outside);
        return dataset;
    }

    private void WriteGood()
    {
        for (var i = 0; i < 10; i++) Good($"good{i:D3}", Png());
        Good("odd name #1 (ü)", Png());
        Good("-dash", Png());
        Good("labelled", Png(), label: Label(Width, Height, 26));
        Directory.CreateDirectory(root);
        File.CreateSymbolicLink(Path.Combine(root, "inside-link.png"), "good000.png");
        converted.Add("inside-link");
    }

    /// <summary>Not broken: every PNG colour mode, 16-bit samples, CMYK JPEG and an animated PNG become 8-bit RGB.</summary>
    private void WriteOtherModes()
    {
        Good("grey", PngBuilder.Still(Width, Height, colourType: 0, bitDepth: 8, Filled([100])));
        Good("grey16", PngBuilder.Still(Width, Height, colourType: 0, bitDepth: 16, Filled([0xC8, 0x00])));
        Good("rgb16", PngBuilder.Still(Width, Height, colourType: 2, bitDepth: 16, Filled([0x10, 0, 0x80, 0, 0xF0, 0])));
        Good("greyalpha", PngBuilder.Still(Width, Height, colourType: 4, bitDepth: 8, Filled([100, 128])));
        Good("rgba", PngBuilder.Still(Width, Height, colourType: 6, bitDepth: 8, Filled([10, 20, 30, 0])));
        Good("palette", PngBuilder.Still(Width, Height, colourType: 3, bitDepth: 8, Filled([1]), palette: [0, 0, 0, 90, 120, 150]));
        Good("cmyk", CmykJpeg.Flat(Width, Height, c: 200, m: 150, y: 100, k: 50), extension: ".jpg");
        Good("animated", PngBuilder.Animated(Width, Height, [Filled([255, 0, 0]), Filled([0, 0, 255])]));
    }

    private void WriteBroken(string outside)
    {
        var png = Png();
        Bad("corrupt", "not a readable PNG or JPEG", [.. png[..16], .. Enumerable.Repeat((byte)0x5A, 300)]);
        Bad("truncated-png", "truncated image data", png[..(png.Length / 2)]);
        var jpeg = ImageCodec.EncodeJpeg(StreetImages.Image(random, noisy: true), quality: 95);
        Bad("truncated-jpg", "truncated image data", jpeg[..(jpeg.Length / 2)], extension: ".jpg");
        Bad("empty", "empty file (0 bytes)", []);
        Bad("huge-header", "header announces 100000x100000 pixels", PngBuilder.Announcing(100_000, 100_000));
        Bad("tiny", "1x1 pixels, smaller than the 4x4 minimum", ImageCodec.EncodePng(new RgbImage(1, 1, [1, 2, 3])));
        Bad("webp", "a WEBP image, not PNG or JPEG", WebP());
        Bad("wrong-label-size", "label is 32x32 but the image is 64x32", png, label: Label(32, 32, 7));
        Bad("unknown-label-ids", "unknown label ids 200", png, label: Label(Width, Height, 200));
        Bad("colour-label", "label maps must be non-interlaced 8-bit grayscale or palette PNGs", png, label: png);
        Bad("new\nline", "control character in name", png);
        Bad("frame.v2", "has a '.' in the file name", png);
        Bad("..", "its key '..' is unsafe", png);
        // Two images with one stem: the first name in listing order ("dup.jpg") owns the key, the other is reported.
        Good("dup", ImageCodec.EncodeJpeg(StreetImages.Image(random, noisy: false)), extension: ".jpg");
        File.WriteAllBytes(Path.Combine(root, "dup.png"), png);
        failures["dup.png"] = "another image of the same name stem";
        Directory.CreateDirectory(outside);
        File.WriteAllBytes(Path.Combine(outside, "secret.png"), png);
        File.CreateSymbolicLink(Path.Combine(root, "link-relative.png"), Path.Combine("..", Path.GetFileName(outside), "secret.png"));
        failures["link-relative"] = "symlink leaves the store root";
        File.CreateSymbolicLink(Path.Combine(root, "link-absolute.png"), Path.Combine(outside, "secret.png"));
        failures["link-absolute"] = "symlink leaves the store root";
    }

    private void Good(string key, byte[] image, byte[]? label = null, string extension = ".png")
    {
        Save(key, image, label, extension);
        converted.Add(key);
    }

    private void Bad(string key, string reason, byte[] image, byte[]? label = null, string extension = ".png")
    {
        Save(key, image, label, extension);
        failures[key] = reason;
    }

    private void Save(string key, byte[] image, byte[]? label, string extension)
    {
        Directory.CreateDirectory(Path.Combine(root, "labels"));
        File.WriteAllBytes(Path.Combine(root, key + extension), image);
        if (label != null) File.WriteAllBytes(Path.Combine(root, "labels", key + ".png"), label);
    }

    private byte[] Png() => ImageCodec.EncodePng(StreetImages.Image(random, noisy: false));

    private static byte[] Label(int width, int height, byte labelId) =>
        ImageCodec.EncodeGrayPng(width, height, [.. Enumerable.Repeat(labelId, width * height)]);

    private static byte[] Filled(byte[] pixel) => [.. Enumerable.Repeat(pixel, Width * Height).SelectMany(sample => sample)];

    private static byte[] WebP()
    {
        using var bitmap = new SkiaSharp.SKBitmap(Width, Height);
        bitmap.Erase(new SkiaSharp.SKColor(90, 120, 150));
        using var data = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Webp, 90);
        return data.ToArray();
    }
}
