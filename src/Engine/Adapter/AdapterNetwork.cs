using Fcan.Engine.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Fcan.Engine.Adapter;

/// <summary>
/// The image transformation network of fast style transfer (Johnson et al. 2016, with Ulyanov et al.'s instance
/// normalisation): y = x + s * r(x) for RGB 0..255 images x, where r is a convolutional encoder (stride-2
/// downsampling), residual blocks and a decoder that upsamples by resizing then convolving (no transposed
/// convolutions, so no checkerboard artefacts). The last convolution starts at zero, so a new adapter is the identity
/// and training moves it away from the source only as far as the style term pays for. Any image size works: each
/// decoder stage resizes to the size of its encoder stage.
/// </summary>
public sealed class AdapterNetwork : Module<Tensor, Tensor>
{
    /// <summary>r's output is in units of half the pixel range, so Adam's usual steps move pixels visibly.</summary>
    private const double ResidualScale = 127.5;

    private readonly Sequential stem;
    private readonly ModuleList<Sequential> down = new();
    private readonly ModuleList<ResidualBlock> blocks = new();
    private readonly ModuleList<Sequential> up = new();
    private readonly Conv2d head;

    public AdapterNetwork(AdapterShape shape) : base(nameof(AdapterNetwork))
    {
        if (shape.Problem() is { } problem) throw new ArgumentException(problem, nameof(shape));
        Shape = shape;
        var widths = Enumerable.Range(0, shape.Downsamplings + 1).Select(i => (long)shape.Channels << i).ToArray();
        stem = ConvNormRelu(3, widths[0], 9, stride: 1);
        for (var i = 0; i < shape.Downsamplings; i++) down.Add(ConvNormRelu(widths[i], widths[i + 1], 3, stride: 2));
        for (var i = 0; i < shape.ResidualBlocks; i++) blocks.Add(new ResidualBlock(widths[^1]));
        for (var i = shape.Downsamplings; i > 0; i--) up.Add(ConvNormRelu(widths[i], widths[i - 1], 3, stride: 1));
        head = Conv2d(widths[0], 3, 9, padding: 4, padding_mode: PaddingModes.Reflect);
        using (no_grad())
        {
            head.weight!.zero_();
            head.bias!.zero_();
        }
        RegisterComponents();
    }

    public AdapterShape Shape { get; }

    /// <summary>Draws the convolutions' starting weights from <paramref name="seed"/> alone (<see cref="ConvolutionWeights"/>);
    /// the head stays zero.</summary>
    public void DrawWeights(int seed)
    {
        using var generator = new Generator((ulong)seed);
        ConvolutionWeights.Draw(modules().OfType<Conv2d>().Where(c => !ReferenceEquals(c, head)), generator);
    }

    /// <summary>[N,3,H,W] RGB 0..255 to the adapted images, same shape and scale (unclamped).</summary>
    public override Tensor forward(Tensor rgb)
    {
        using var scope = NewDisposeScope();
        var hidden = stem.forward(rgb / 127.5 - 1);
        var sizes = new List<long[]>();
        foreach (var stage in down)
        {
            sizes.Add([hidden.shape[2], hidden.shape[3]]);
            hidden = stage.forward(hidden);
        }
        foreach (var block in blocks) hidden = block.forward(hidden);
        for (var i = 0; i < up.Count; i++)
            hidden = up[i].forward(functional.interpolate(hidden, sizes[^(i + 1)], mode: InterpolationMode.Nearest));
        return (rgb + head.forward(hidden) * ResidualScale).MoveToOuterDisposeScope();
    }

    private static Sequential ConvNormRelu(long input, long output, long kernel, long stride) => Sequential(
        Conv2d(input, output, kernel, stride: stride, padding: kernel / 2, padding_mode: PaddingModes.Reflect),
        InstanceNorm2d(output, affine: true),
        ReLU());

    /// <summary>conv-norm-relu-conv-norm plus the input (Johnson et al.'s block, without the final ReLU).</summary>
    private sealed class ResidualBlock : Module<Tensor, Tensor>
    {
        private readonly Sequential body;

        public ResidualBlock(long channels) : base(nameof(ResidualBlock))
        {
            body = Sequential(
                Conv2d(channels, channels, 3, padding: 1, padding_mode: PaddingModes.Reflect),
                InstanceNorm2d(channels, affine: true),
                ReLU(),
                Conv2d(channels, channels, 3, padding: 1, padding_mode: PaddingModes.Reflect),
                InstanceNorm2d(channels, affine: true));
            RegisterComponents();
        }

        public override Tensor forward(Tensor input) => input + body.forward(input);
    }
}
