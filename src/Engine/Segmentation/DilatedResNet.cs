using Fcan.Engine.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Fcan.Engine.Segmentation;

/// <summary>
/// A ResNet trunk at output stride 8, the FCN backbone of FCAN's RAN: layer3 and layer4 keep stride 1 and dilate
/// their 3x3 convolutions by 2 and 4 instead, so they see as far as the strided trunk on a 4x/16x finer grid.
/// Parameter names match torchvision's (and <see cref="ResNetTaps"/>), so ImageNet weights load by key.
/// </summary>
public sealed class DilatedResNet : Module<Tensor, Tensor>
{
    public const int OutputStride = 8;

    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly MaxPool2d maxpool;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;

    private DilatedResNet(int[] blocks, long width, bool bottleneck) : base(nameof(DilatedResNet))
    {
        conv1 = Conv2d(3, width, 7, stride: 2, padding: 3, bias: false);
        bn1 = BatchNorm2d(width);
        maxpool = MaxPool2d(3, stride: 2, padding: 1);
        long[] strides = [1, 2, 1, 1];
        long[] dilations = [1, 1, 2, 4];
        var inChannels = width;
        var stages = new Sequential[4];
        for (var stage = 0; stage < 4; stage++)
        {
            var channels = width << stage;
            var modules = new List<(string, Module<Tensor, Tensor>)>();
            for (var block = 0; block < blocks[stage]; block++)
            {
                var stride = block == 0 ? strides[stage] : 1;
                Module<Tensor, Tensor> module = bottleneck
                    ? new Bottleneck(inChannels, channels, stride, dilations[stage])
                    : new BasicBlock(inChannels, channels, stride, dilations[stage]);
                modules.Add((block.ToString(), module));
                inChannels = bottleneck ? channels * Bottleneck.Expansion : channels;
            }
            stages[stage] = Sequential(modules);
        }
        (layer1, layer2, layer3, layer4) = (stages[0], stages[1], stages[2], stages[3]);
        Channels = inChannels;
        RegisterComponents();
    }

    /// <summary>Channels of the last features (512 for ResNet-18, 2048 for ResNet-50/101).</summary>
    public long Channels { get; }

    /// <summary>CNTK's ResNet-18 as shipped in ML.NET: basic blocks [2,2,2,3].</summary>
    public static DilatedResNet CntkResNet18() => new([2, 2, 2, 3], 64, bottleneck: false);

    /// <summary>torchvision's ResNet-50: bottleneck blocks [3,4,6,3].</summary>
    public static DilatedResNet ResNet50() => new([3, 4, 6, 3], 64, bottleneck: true);

    /// <summary>torchvision's ResNet-101: bottleneck blocks [3,4,23,3].</summary>
    public static DilatedResNet ResNet101() => new([3, 4, 23, 3], 64, bottleneck: true);

    /// <summary>A basic-block trunk of any depth and width (small ones make fast tests).</summary>
    public static DilatedResNet Basic(int[] blocks, long width) => new(blocks, width, bottleneck: false);

    /// <summary>[N,3,H,W] in the weights' input space to [N,C,H/8,W/8].</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var stem = maxpool.forward(functional.relu(bn1.forward(conv1.forward(input))));
        var features = layer4.forward(layer3.forward(layer2.forward(layer1.forward(stem))));
        return features.MoveToOuterDisposeScope();
    }
}
