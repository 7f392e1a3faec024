using Fcan.Data.Imaging;

namespace Fcan.Data.Datasets;

/// <summary>A validated, decoded item. <paramref name="TrainIds"/> holds one Cityscapes train id (0..18, 255 = ignore)
/// per pixel and <paramref name="LabelPng"/> the same map as a grayscale PNG; both null without a label.
/// <paramref name="Sha256"/> (lowercase hex) covers the image bytes followed by the label bytes: it changes when
/// either file changes, which is what makes re-runs incremental.</summary>
public sealed record LoadedItem(DatasetItem Item, byte[] ImageBytes, RgbImage Image, byte[]? LabelPng, byte[]? TrainIds, string Sha256);
