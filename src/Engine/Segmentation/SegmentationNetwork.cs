using Fcan.Engine.Networks;
using Fcan.Engine.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Fcan.Engine.Segmentation;

/// <summary>
/// RAN's segmentation FCN: a dilated ResNet (output stride 8), a pyramid pooling head, and bilinear upsampling of the
/// logits to the input size. The backbone's BatchNorm layers stay frozen at their ImageNet statistics and affine
/// values (the module is always in eval mode): with the small batches RAN trains with, batch statistics would be
/// noise, and frozen ones keep every sample independent of the others in its batch.
/// </summary>
public sealed class SegmentationNetwork : Module<Tensor, SegmentationOutput>
{
    private readonly DilatedResNet backbone;
    private readonly PyramidPoolingHead head;

    public SegmentationNetwork(string backboneId, DilatedResNet backbone, InputSpace space, int classes)
        : base(nameof(SegmentationNetwork))
    {
        BackboneId = backboneId;
        Space = space;
        Classes = classes;
        this.backbone = backbone;
        head = new PyramidPoolingHead(backbone.Channels, classes);
        RegisterComponents();
        eval();
        foreach (var norm in modules().OfType<BatchNorm2d>())
            foreach (var parameter in norm.parameters()) parameter.requires_grad = false;
    }

    /// <summary>Input sides must be multiples of this: every stride-2 step then halves exactly (and CNTK's padding
    /// equals PyTorch's).</summary>
    public const int SizeMultiple = DilatedResNet.OutputStride;

    /// <summary>Names the backbone and its ImageNet weights: resnet18-cntk, resnet50, resnet101 or a test's id.</summary>
    public string BackboneId { get; }

    public InputSpace Space { get; }

    public int Classes { get; }

    internal DilatedResNet Backbone => backbone;

    /// <summary>Channels of the features the discriminator sees.</summary>
    public long FeatureChannels => backbone.Channels;

    /// <summary>The parameters training updates (everything but the frozen BatchNorm), in a fixed order.</summary>
    public IReadOnlyList<Parameter> TrainableParameters() => parameters().Where(p => p.requires_grad).ToList();

    /// <summary>[N,3,H,W] RGB 0..255 to the backbone's features and logits upsampled to H x W.</summary>
    public override SegmentationOutput forward(Tensor rgb)
    {
        using var scope = NewDisposeScope();
        var features = backbone.forward(Space.FromRgb(rgb));
        var logits = functional.interpolate(head.forward(features), [rgb.shape[2], rgb.shape[3]],
            mode: InterpolationMode.Bilinear, align_corners: false);
        return new SegmentationOutput(features.MoveToOuterDisposeScope(), logits.MoveToOuterDisposeScope());
    }

    /// <summary>Why an input of this size can't go through the network, or null when it can.</summary>
    public static string? SizeProblem(int width, int height) =>
        width < 2 * SizeMultiple || height < 2 * SizeMultiple || width % SizeMultiple != 0 || height % SizeMultiple != 0
            ? $"{width}x{height}: both sides must be multiples of {SizeMultiple}, at least {2 * SizeMultiple}"
            : null;

    /// <summary>The layers on top of the backbone, which start from random weights.</summary>
    public PyramidPoolingHead Head => head;

    /// <summary>Moves the network to <paramref name="device"/> (after <see cref="TorchRuntime.Ensure"/>).</summary>
    public SegmentationNetwork On(EngineDevice device)
    {
        this.to(device.ToTorch());
        return this;
    }
}
