using Fcan.Data.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace Fcan.Engine.Quality;

/// <summary>
/// Whether an image's label regions are still told apart by their colours: every labelled pixel is assigned to the
/// nearest (RGB) mean colour of the regions, the means taken from this same image with its label map, and scored
/// against the labels (pixel accuracy). About 1 for flat-coloured regions, about 1/regions for noise.
/// </summary>
public static class StructureKept
{
    /// <summary>Label value that marks pixels without a class (Cityscapes' ignore id).</summary>
    public const byte Ignore = 255;

    /// <param name="labels">One id per pixel, row by row; <see cref="Ignore"/> pixels are left out.</param>
    public static double Of(RgbImage image, byte[] labels)
    {
        if (labels.Length != image.Width * image.Height)
            throw new ArgumentException($"the label map has {labels.Length} pixels, the image {image.Width}x{image.Height}", nameof(labels));
        var labelled = Enumerable.Range(0, labels.Length).Where(p => labels[p] != Ignore).ToArray();
        if (labelled.Length == 0) throw new ArgumentException("the label map labels no pixel", nameof(labels));
        using var scope = NewDisposeScope();
        var ids = tensor(labelled.Select(p => (long)labels[p]).ToArray());
        var pixels = ImageTensors.Pixels(image).index_select(0, tensor(labelled.Select(p => (long)p).ToArray()));
        var classes = ids.unique().Item1;
        var means = stack(classes.data<long>().ToArray().Select(id => pixels[ids.eq(tensor(id))].mean([0])).ToArray());
        var nearest = classes.index_select(0, cdist(pixels, means).argmin(1));
        return (nearest == ids).to(float64).mean().item<double>();
    }
}
