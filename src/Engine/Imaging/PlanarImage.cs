using Fcan.Data.Imaging;
using static TorchSharp.torch;

namespace Fcan.Engine.Imaging;

/// <summary>An RGB image as float32 planes [3,H,W] on the 0..255 scale: the engine's exact image form (.npy files,
/// renders before rounding).</summary>
public sealed record PlanarImage(int Width, int Height, float[] Planes)
{
    public static PlanarImage FromRgb(RgbImage image)
    {
        var plane = image.Width * image.Height;
        var planes = new float[3 * plane];
        for (var p = 0; p < plane; p++)
            for (var c = 0; c < 3; c++)
                planes[c * plane + p] = image.Pixels[p * 3 + c];
        return new PlanarImage(image.Width, image.Height, planes);
    }

    /// <summary>Rounds and clamps to 8-bit RGB.</summary>
    public RgbImage ToRgb()
    {
        var plane = Width * Height;
        var pixels = new byte[3 * plane];
        for (var p = 0; p < plane; p++)
            for (var c = 0; c < 3; c++)
                pixels[p * 3 + c] = (byte)Math.Clamp(MathF.Round(Planes[c * plane + p]), 0, 255);
        return new RgbImage(Width, Height, pixels);
    }

    /// <summary>Stacks same-size images into [N,3,H,W].</summary>
    public static Tensor Stack(IReadOnlyList<PlanarImage> images, ScalarType dtype, Device device)
    {
        var (width, height) = (images[0].Width, images[0].Height);
        if (images.Any(i => i.Width != width || i.Height != height))
            throw new ArgumentException("images in one batch must have the same size", nameof(images));
        var data = new float[images.Count * 3 * width * height];
        for (var i = 0; i < images.Count; i++) images[i].Planes.CopyTo(data, i * images[i].Planes.Length);
        using var cpu = tensor(data, [images.Count, 3, height, width]);
        return cpu.to(dtype, device);
    }

    /// <summary>Splits [N,3,H,W] back into images.</summary>
    public static IReadOnlyList<PlanarImage> Unstack(Tensor batch)
    {
        using var cpu = batch.detach().to(float32, CPU).contiguous();
        var all = cpu.data<float>().ToArray();
        var (count, height, width) = ((int)batch.shape[0], (int)batch.shape[2], (int)batch.shape[3]);
        var size = 3 * height * width;
        return Enumerable.Range(0, count).Select(i => new PlanarImage(width, height, all[(i * size)..((i + 1) * size)])).ToList();
    }
}
