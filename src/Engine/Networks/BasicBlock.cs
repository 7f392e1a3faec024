using Fcan.Engine.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Fcan.Engine.Networks;

/// <summary>ResNet's two-convolution residual block; field names follow torchvision so state dicts map by key.</summary>
internal sealed class BasicBlock : Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Sequential? downsample;

    /// <param name="dilation">Dilates both 3x3 convolutions (a dilated trunk keeps resolution instead of striding).</param>
    public BasicBlock(long inChannels, long channels, long stride, long dilation = 1) : base(nameof(BasicBlock))
    {
        conv1 = Conv2d(inChannels, channels, 3, stride: stride, padding: dilation, dilation: dilation, bias: false);
        bn1 = BatchNorm2d(channels);
        conv2 = Conv2d(channels, channels, 3, padding: dilation, dilation: dilation, bias: false);
        bn2 = BatchNorm2d(channels);
        downsample = ResNetTaps.Downsample(inChannels, channels, stride);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var identity = downsample?.forward(input) ?? input;
        var hidden = functional.relu(bn1.forward(conv1.forward(input)));
        var output = functional.relu(bn2.forward(conv2.forward(hidden)).Plus(identity));
        return output.MoveToOuterDisposeScope();
    }
}
