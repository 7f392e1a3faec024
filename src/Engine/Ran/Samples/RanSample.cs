using Fcan.Data.Imaging;

namespace Fcan.Engine.Ran.Samples;

/// <summary>One decoded training image: its key, the image, and its Cityscapes train ids (one per pixel, 255 ignored;
/// null for an unlabeled target image).</summary>
public sealed record RanSample(string Key, RgbImage Image, byte[]? TrainIds);
