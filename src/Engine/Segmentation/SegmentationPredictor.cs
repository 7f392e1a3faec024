using Fcan.Data.Imaging;
using Fcan.Engine.Imaging;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Fcan.Engine.Segmentation;

/// <summary>
/// Label maps from a trained network: the image resized to the evaluation size (or kept), the logits upsampled
/// bilinearly to the requested output size (the label's), and the most likely class per pixel.
/// </summary>
public sealed class SegmentationPredictor(SegmentationNetwork network)
{
    /// <summary>Train ids (one byte per pixel, row-major) at <paramref name="outputWidth"/> x <paramref name="outputHeight"/>.</summary>
    /// <param name="inputSize">Size the network sees; null keeps the image's own size.</param>
    public byte[] Predict(RgbImage image, (int Width, int Height)? inputSize, int outputWidth, int outputHeight)
    {
        var (width, height) = inputSize ?? (image.Width, image.Height);
        if (SegmentationNetwork.SizeProblem(width, height) is { } problem)
            throw new ArgumentException(inputSize == null ? $"image {problem}; give an evaluation size" : $"size {problem}");
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var device = network.parameters().First().device;
        var rgb = PlanarImage.Stack([PlanarImage.FromRgb(image)], float32, device);
        if (width != image.Width || height != image.Height)
            rgb = functional.interpolate(rgb, [height, width], mode: InterpolationMode.Bilinear, align_corners: false);
        var logits = network.forward(rgb).Logits;
        if (outputWidth != width || outputHeight != height)
            logits = functional.interpolate(logits, [outputHeight, outputWidth], mode: InterpolationMode.Bilinear, align_corners: false);
        using var classes = logits.argmax(1).to(uint8).cpu();
        return classes.data<byte>().ToArray();
    }
}
