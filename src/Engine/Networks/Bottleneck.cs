using Fcan.Engine.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Fcan.Engine.Networks;

/// <summary>ResNet-50's 1x1-3x3-1x1 residual block (torchvision v1.5: the stride sits on the 3x3 convolution).</summary>
internal sealed class Bottleneck : Module<Tensor, Tensor>
{
    public const int Expansion = 4;

    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d conv3;
    private readonly BatchNorm2d bn3;
    private readonly Sequential? downsample;

    /// <param name="dilation">Dilates the 3x3 convolution (a dilated trunk keeps resolution instead of striding).</param>
    public Bottleneck(long inChannels, long width, long stride, long dilation = 1) : base(nameof(Bottleneck))
    {
        conv1 = Conv2d(inChannels, width, 1, bias: false);
        bn1 = BatchNorm2d(width);
        conv2 = Conv2d(width, width, 3, stride: stride, padding: dilation, dilation: dilation, bias: false);
        bn2 = BatchNorm2d(width);
        conv3 = Conv2d(width, width * Expansion, 1, bias: false);
        bn3 = BatchNorm2d(width * Expansion);
        downsample = ResNetTaps.Downsample(inChannels, width * Expansion, stride);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var identity = downsample?.forward(input) ?? input;
        var hidden = functional.relu(bn1.forward(conv1.forward(input)));
        hidden = functional.relu(bn2.forward(conv2.forward(hidden)));
        var output = functional.relu(bn3.forward(conv3.forward(hidden)).Plus(identity));
        return output.MoveToOuterDisposeScope();
    }
}
