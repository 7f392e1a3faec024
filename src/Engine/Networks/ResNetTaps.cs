using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Fcan.Engine.Networks;

/// <summary>
/// A ResNet trunk (no pooling head) that returns the five AAN taps: the stem's ReLU output before max-pool, then
/// the output of each residual stage (../shared/spec/aan.md). Parameter names match torchvision's state dicts.
/// </summary>
public sealed class ResNetTaps : Module<Tensor, Tensor[]>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly MaxPool2d maxpool;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;
    private readonly int[] blocks;
    private readonly long width;
    private readonly bool bottleneck;

    private ResNetTaps(int[] blocks, long width, bool bottleneck) : base(nameof(ResNetTaps))
    {
        (this.blocks, this.width, this.bottleneck) = (blocks, width, bottleneck);
        conv1 = Conv2d(3, width, 7, stride: 2, padding: 3, bias: false);
        bn1 = BatchNorm2d(width);
        maxpool = MaxPool2d(3, stride: 2, padding: 1);
        var inChannels = width;
        var stages = new Sequential[4];
        for (var stage = 0; stage < 4; stage++)
        {
            var channels = width << stage;
            var modules = new List<(string, Module<Tensor, Tensor>)>();
            for (var block = 0; block < blocks[stage]; block++)
            {
                var stride = block == 0 && stage > 0 ? 2 : 1;
                Module<Tensor, Tensor> module = bottleneck
                    ? new Bottleneck(inChannels, channels, stride)
                    : new BasicBlock(inChannels, channels, stride);
                modules.Add((block.ToString(), module));
                inChannels = bottleneck ? channels * Bottleneck.Expansion : channels;
            }
            stages[stage] = Sequential(modules);
        }
        (layer1, layer2, layer3, layer4) = (stages[0], stages[1], stages[2], stages[3]);
        TapChannels = [width, .. Enumerable.Range(0, 4).Select(s => (width << s) * (bottleneck ? Bottleneck.Expansion : 1))];
        RegisterComponents();
    }

    /// <summary>Tap names, torchvision style.</summary>
    public static IReadOnlyList<string> TapNames { get; } = ["relu", "layer1", "layer2", "layer3", "layer4"];

    /// <summary>Channels of each tap.</summary>
    public IReadOnlyList<long> TapChannels { get; }

    /// <summary>CNTK's ResNet-18 as shipped in ML.NET: basic blocks [2,2,2,3].</summary>
    public static ResNetTaps CntkResNet18() => new([2, 2, 2, 3], 64, bottleneck: false);

    /// <summary>torchvision's ResNet-50: bottleneck blocks [3,4,6,3].</summary>
    public static ResNetTaps ResNet50() => new([3, 4, 6, 3], 64, bottleneck: true);

    /// <summary>A basic-block ResNet of any depth and width (small ones make fast, exact tests).</summary>
    public static ResNetTaps Basic(int[] blocks, long width) => new(blocks, width, bottleneck: false);

    /// <summary>A new trunk of the same shape with this one's weights and buffers converted to
    /// <paramref name="dtype"/> on <paramref name="device"/>.</summary>
    public ResNetTaps CopyAs(ScalarType dtype, Device device)
    {
        var copy = new ResNetTaps(blocks, width, bottleneck);
        copy.to(device, dtype);
        var weights = state_dict();
        using (no_grad())
            foreach (var (name, tensor) in copy.state_dict())
                tensor.copy_(weights[name]);
        return copy;
    }

    public override Tensor[] forward(Tensor input)
    {
        var stem = functional.relu(bn1.forward(conv1.forward(input)));
        using var pooled = maxpool.forward(stem);
        var stage1 = layer1.forward(pooled);
        var stage2 = layer2.forward(stage1);
        var stage3 = layer3.forward(stage2);
        var stage4 = layer4.forward(stage3);
        return [stem, stage1, stage2, stage3, stage4];
    }

    /// <summary>The 1x1 projection on a block's shortcut where its shape changes; null where it doesn't.</summary>
    internal static Sequential? Downsample(long inChannels, long outChannels, long stride) =>
        stride == 1 && inChannels == outChannels
            ? null
            : Sequential(("0", Conv2d(inChannels, outChannels, 1, stride: stride, bias: false)), ("1", BatchNorm2d(outChannels)));
}
