using Fcan.Engine.Runtime;
using static TorchSharp.torch;

namespace Fcan.Engine.Networks;

/// <summary>
/// The pixel space a network's weights expect, and the conversion from and to RGB 0..255:
/// net = (channels in network order - mean) / scale.
/// </summary>
public sealed record InputSpace(string Id, bool Bgr, double[] Mean, double[] Scale)
{
    /// <summary>Caffe/CNTK: BGR, 0..255, minus the channel mean (the CNTK ResNet-18, Caffe ResNet-50).</summary>
    public static InputSpace CaffeBgr { get; } = new("bgr-255-mean", true, [103.0626, 115.9029, 123.1516], [1, 1, 1]);

    /// <summary>torchvision: RGB scaled to 0..1, minus the ImageNet mean, divided by its standard deviation.</summary>
    public static InputSpace TorchvisionRgb { get; } = new("rgb-imagenet-std", false,
        [0.485 * 255, 0.456 * 255, 0.406 * 255], [0.229 * 255, 0.224 * 255, 0.225 * 255]);

    /// <summary>[N,3,H,W] RGB 0..255 to the network's space.</summary>
    public Tensor FromRgb(Tensor rgb)
    {
        using var scope = NewDisposeScope();
        var ordered = Bgr ? rgb.flip(1) : rgb;
        return ((ordered - Column(Mean, rgb)) / Column(Scale, rgb)).MoveToOuterDisposeScope();
    }

    /// <summary>[N,3,H,W] in the network's space back to RGB 0..255.</summary>
    public Tensor ToRgb(Tensor network)
    {
        using var scope = NewDisposeScope();
        var ordered = (network * Column(Scale, network)).Plus(Column(Mean, network));
        return (Bgr ? ordered.flip(1) : ordered).MoveToOuterDisposeScope();
    }

    private static Tensor Column(double[] values, Tensor like) =>
        tensor(values, dtype: like.dtype, device: like.device).view(1, 3, 1, 1);
}
