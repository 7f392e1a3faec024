using Fcan.Engine.Networks;
using Fcan.Engine.Runtime;
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
/// Unlike Johnson et al., r starts at half resolution: the stem folds each 2x2 block of pixels into 12 channels
/// (space-to-depth, so every pixel is still seen) and only the 3x3 head runs at full resolution. Their 9x9 convolutions
/// at full resolution cost as much as ResNet-18's forward pass on this machine's CPU (about 1 s per 512x256 image,
/// mostly memory traffic); this costs a sixth of that (BENCHMARKS.md).
/// </summary>
public sealed class AdapterNetwork : Module<Tensor, Tensor>
{
    /// <summary>r's output is in units of half the pixel range, so Adam's usual steps move pixels visibly.</summary>
    private const double ResidualScale = 127.5;

    /// <summary>The stem's space-to-depth factor.</summary>
    private const int Fold = 2;

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
        stem = ConvNormRelu(3 * Fold * Fold, widths[0], 3, stride: 1);
        for (var i = 0; i < shape.Downsamplings; i++) down.Add(ConvNormRelu(widths[i], widths[i + 1], 3, stride: 2));
        for (var i = 0; i < shape.ResidualBlocks; i++) blocks.Add(new ResidualBlock(widths[^1]));
        for (var i = shape.Downsamplings; i > 0; i--) up.Add(ConvNormRelu(widths[i], widths[i - 1], 3, stride: 1));
        head = Conv2d(widths[0], 3, 3, padding: 1, padding_mode: PaddingModes.Reflect);
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
        var (height, width) = (rgb.shape[2], rgb.shape[3]);
        // An odd side is padded by repeating its last pixels, so the fold sees whole blocks; the pad is cut off the
        // residual at the end.
        using Scalar half = 127.5, one = 1, residualScale = ResidualScale;
        var even = functional.pad(rgb / half - one, [0, width % Fold, 0, height % Fold], PaddingModes.Replicate);
        var hidden = stem.forward(functional.pixel_unshuffle(even, Fold));
        var sizes = new List<long[]>();
        foreach (var stage in down)
        {
            sizes.Add([hidden.shape[2], hidden.shape[3]]);
            hidden = stage.forward(hidden);
        }
        foreach (var block in blocks) hidden = block.forward(hidden);
        for (var i = 0; i < up.Count; i++)
            hidden = up[i].forward(functional.interpolate(hidden, sizes[^(i + 1)], mode: InterpolationMode.Nearest));
        hidden = functional.interpolate(hidden, [even.shape[2], even.shape[3]], mode: InterpolationMode.Nearest);
        var residual = head.forward(hidden)[.., .., ..(int)height, ..(int)width];
        return rgb.Plus(residual * residualScale).MoveToOuterDisposeScope();
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

        public override Tensor forward(Tensor input) => input.Plus(body.forward(input));
    }
}
