using Fcan.Data.Datasets;
using Fcan.Data.Imaging;

namespace Fcan.Data.Synthetic;

/// <summary>
/// The built-in synthetic-to-real mini dataset. Street scenes with per-pixel labels in the 19 Cityscapes classes are
/// rendered in two looks: a flat "game" look for the source (GTA5 layout: images/, labels/) and a "real" look for the
/// target (Cityscapes layout, labels in gtFine/ for evaluation only). Source and target scenes are drawn
/// independently, as in unpaired domain adaptation. Everything follows from <see cref="SyntheticDatasetOptions.Seed"/>.
/// </summary>
public static class SyntheticDataset
{
    public const string City = "synth";

    public static SyntheticDatasetFolders Generate(string folder, SyntheticDatasetOptions options)
    {
        Validate(options);
        var root = Path.GetFullPath(folder);
        var folders = new SyntheticDatasetFolders(Path.Combine(root, "source"), Path.Combine(root, "target"));

        var sourceRandom = new Random(unchecked(options.Seed * 7919 + 1));
        for (var i = 0; i < options.SourceImages; i++)
        {
            var scene = StreetScene.Generate(sourceRandom, options.Width, options.Height);
            var name = $"{i:D5}.png";
            Write(Path.Combine(folders.Source, "images", name), ImageCodec.EncodePng(GameLook.Render(scene, sourceRandom)));
            Write(Path.Combine(folders.Source, "labels", name), LabelIds(scene));
        }

        var targetRandom = new Random(unchecked(options.Seed * 7919 + 2));
        for (var i = 0; i < options.TargetImages; i++)
        {
            var scene = StreetScene.Generate(targetRandom, options.Width, options.Height);
            var frame = $"{City}_{i:D6}_000019";
            var split = Path.Combine(options.TargetSplit, City);
            Write(Path.Combine(folders.Target, "leftImg8bit", split, $"{frame}_leftImg8bit.png"),
                ImageCodec.EncodePng(RealLook.Render(scene, targetRandom)));
            Write(Path.Combine(folders.Target, "gtFine", split, $"{frame}_gtFine_labelIds.png"), LabelIds(scene));
        }
        return folders;
    }

    private static byte[] LabelIds(StreetScene scene) =>
        ImageCodec.EncodeGrayPng(scene.Width, scene.Height, scene.TrainIds.Select(CityscapesLabels.LabelId).ToArray());

    private static void Write(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    private static void Validate(SyntheticDatasetOptions options)
    {
        if (options.SourceImages < 0 || options.TargetImages < 0)
            throw new ArgumentException("synthetic dataset: image counts can't be negative", nameof(options));
        if (options.Width < 32 || options.Height < 16 || (long)options.Width * options.Height > ImageCodec.MaxPixels)
            throw new ArgumentException($"synthetic dataset: size {options.Width}x{options.Height} must be at least 32x16 and at most {ImageCodec.MaxPixels} pixels", nameof(options));
        if (options.TargetSplit.Length == 0 || options.TargetSplit.Any(c => !char.IsAsciiLetterOrDigit(c)))
            throw new ArgumentException($"synthetic dataset: split '{options.TargetSplit}' must be letters and digits", nameof(options));
    }
}
