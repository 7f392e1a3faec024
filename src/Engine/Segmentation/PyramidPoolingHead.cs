using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Fcan.Engine.Segmentation;

/// <summary>
/// PSPNet's pyramid pooling head: the features average-pooled to 1x1, 2x2, 3x3 and 6x6 grids, each reduced to C/4
/// channels by a 1x1 convolution, upsampled back and concatenated with the features; a 3x3 fusion convolution and a
/// 1x1 classifier give per-class logits at the features' resolution. No BatchNorm, unlike PSPNet: the fusion uses
/// GroupNorm and the pooled branches a bias, so every sample is computed alone; training then works at batch 1 and
/// averaging gradients over trainers equals one large batch. (GroupNorm on a 1x1 pooled map would normalise a handful
/// of values, hence the bias there.)
/// </summary>
public sealed class PyramidPoolingHead : Module<Tensor, Tensor>
{
    public static IReadOnlyList<int> Bins { get; } = [1, 2, 3, 6];

    private const long MaxFusedChannels = 512;
    private const long MaxGroups = 32;

    private readonly ModuleList<Sequential> pyramid;
    private readonly Sequential fuse;
    private readonly Conv2d classifier;

    public PyramidPoolingHead(long inChannels, int classes) : base(nameof(PyramidPoolingHead))
    {
        var reduced = Math.Max(1, inChannels / Bins.Count);
        var fused = Math.Min(MaxFusedChannels, inChannels);
        pyramid = ModuleList(Bins.Select(bin => Sequential(
            ("pool", AdaptiveAvgPool2d(bin)),
            ("conv", Conv2d(inChannels, reduced, 1)),
            ("relu", ReLU()))).ToArray());
        var norm = GroupNorm(Math.Min(MaxGroups, fused), fused);
        // TorchSharp 0.107 leaves GroupNorm's affine parameters uninitialised (NaN seen); PyTorch starts them at 1 and 0.
        using (no_grad())
        {
            using Scalar one = 1;
            norm.weight!.fill_(one);
            norm.bias!.zero_();
        }
        fuse = Sequential(
            ("conv", Conv2d(inChannels + reduced * Bins.Count, fused, 3, padding: 1, bias: false)),
            ("norm", norm),
            ("relu", ReLU()));
        classifier = Conv2d(fused, classes, 1);
        RegisterComponents();
    }

    /// <summary>[N,C,h,w] features to [N,classes,h,w] logits.</summary>
    public override Tensor forward(Tensor features)
    {
        using var scope = NewDisposeScope();
        long[] size = [features.shape[2], features.shape[3]];
        var branches = new List<Tensor> { features };
        foreach (var level in pyramid)
            branches.Add(functional.interpolate(level.forward(features), size, mode: InterpolationMode.Bilinear, align_corners: false));
        return classifier.forward(fuse.forward(cat(branches, 1))).MoveToOuterDisposeScope();
    }
}
