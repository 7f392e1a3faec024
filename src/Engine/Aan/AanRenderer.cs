using Fcan.Data.Imaging;
using Fcan.Engine.Colour;
using Fcan.Engine.Imaging;
using Fcan.Engine.Networks;
using Fcan.Engine.Runtime;
using Fcan.Engine.Style;
using TorchSharp;
using static TorchSharp.torch;

namespace Fcan.Engine.Aan;

/// <summary>
/// FCAN's Appearance Adaptation Network: optimises the pixels of x so its deep features keep the source's content
/// while its Gram matrices approach a pool's mean (../shared/spec/aan.md). Several same-size images render in one
/// forward/backward; each keeps its own step normalisation, so a batch gives what single renders give.
/// </summary>
public sealed class AanRenderer(FeatureNetwork network)
{
    private const double NoiseMean = 128;
    private const double NoiseStd = 30;

    public RgbImage Render(RgbImage source, StyleStatistics target, AanSettings settings,
        Action<AanIteration>? onIteration, CancellationToken cancellationToken) =>
        RenderBatch([source], target, settings, onIteration, cancellationToken)[0];

    public IReadOnlyList<RgbImage> RenderBatch(IReadOnlyList<RgbImage> sources, StyleStatistics target, AanSettings settings,
        Action<AanIteration>? onIteration, CancellationToken cancellationToken) =>
        RenderPlanar(sources.Select(PlanarImage.FromRgb).ToList(), target, settings, onIteration, cancellationToken)
            .Select(image => image.ToRgb()).ToList();

    /// <summary>Renders same-size float images and returns them unrounded and unclamped (RGB 0..255 scale).</summary>
    public IReadOnlyList<PlanarImage> RenderPlanar(IReadOnlyList<PlanarImage> sources, StyleStatistics target,
        AanSettings settings, Action<AanIteration>? onIteration, CancellationToken cancellationToken)
    {
        Validate(sources, target, settings);
        var device = network.Device.ToTorch();
        if (network.Device.IsCuda) TorchRuntime.SetTf32(settings.Precision != AanPrecision.Fp32);
        using var scope = NewDisposeScope();

        // Computed once, in the network's own dtype whatever the precision: the sources' features and the target
        // Grams at this render's size.
        var source = network.Space.FromRgb(PlanarImage.Stack(sources, network.DType, device));
        Tensor[] sourceTaps, targetGrams;
        using (no_grad())
        {
            sourceTaps = network.Forward(source);
            targetGrams = sourceTaps
                .Select((taps, layer) => target.TargetGram(layer, taps.shape[2] * taps.shape[3], network.DType, device))
                .ToArray();
        }

        var x = InitialImage(source, settings).detach().requires_grad_(true);
        var iterations = settings.Iterations;
        for (var i = 1; i <= iterations; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var iteration = NewDisposeScope();
            var loss = AanLoss.Evaluate(x, Taps(x, settings.Precision), sourceTaps, targetGrams, settings);
            var gradient = torch.autograd.grad([loss.Total], [x])[0];
            using Scalar stepWeight = settings.Beta * (iterations - i + 1) / iterations;
            using (no_grad())
                x.sub_(gradient / StepNorm(gradient, settings.StepNorm) * stepWeight);
            // Reading a loss waits for the device, so it happens only when someone asked for it.
            if (onIteration != null && (i % settings.ReportEvery == 0 || i == iterations))
                onIteration(new AanIteration(i, loss.Total.AsDouble(), loss.Content.AsDouble(), loss.Style.AsDouble()));
        }

        using (no_grad())
            return PlanarImage.Unstack(network.Space.ToRgb(x));
    }

    /// <summary>The taps in the network's own dtype: bf16 features are cast back so Grams and loss accumulate in
    /// float32, and the gradient reaches x through the cast.</summary>
    private Tensor[] Taps(Tensor input, AanPrecision precision) =>
        precision == AanPrecision.Bf16
            ? network.Forward(input, bfloat16).Select(tap => tap.to(network.DType)).ToArray()
            : network.Forward(input);

    /// <summary>N(g) per image, shaped [N,1,1,1] to broadcast over each image's gradient.</summary>
    private static Tensor StepNorm(Tensor gradient, StepNorm norm)
    {
        var magnitude = gradient.abs();
        long[] perImage = [1, 2, 3];
        return norm == Aan.StepNorm.L1 ? magnitude.sum(perImage, keepdim: true) : magnitude.mean(perImage, keepdim: true);
    }

    private Tensor InitialImage(Tensor source, AanSettings settings)
    {
        switch (settings.Init.Kind)
        {
            case AanInitKind.Source:
                return source.clone();
            case AanInitKind.ColourMatched:
                return network.Space.FromRgb(ColourTransfer.Apply(network.Space.ToRgb(source), settings.Init.Colours!, settings.Init.Strength));
            case AanInitKind.Image:
                var images = Enumerable.Repeat(settings.Init.Image!, (int)source.shape[0]).ToList();
                return network.Space.FromRgb(PlanarImage.Stack(images, source.dtype, source.device));
            default:
                // Drawn on the CPU so a seed gives the same start on every device.
                using (var generator = new Generator((ulong)settings.Seed))
                using (var noise = randn(source.shape, float32, CPU, generator: generator))
                {
                    using Scalar std = NoiseStd, mean = NoiseMean;
                    var rgb = (noise * std).Plus(mean).to(source.dtype, source.device);
                    return network.Space.FromRgb(rgb);
                }
        }
    }

    private void Validate(IReadOnlyList<PlanarImage> sources, StyleStatistics target, AanSettings settings)
    {
        if (sources.Count == 0) throw new ArgumentException("no source images", nameof(sources));
        var (width, height) = (sources[0].Width, sources[0].Height);
        if (sources.Any(s => s.Width != width || s.Height != height))
            throw new ArgumentException("a batch's source images must all have the same size", nameof(sources));
        var problem = network.SizeProblem(width, height) ?? settings.Problem();
        if (problem != null) throw new ArgumentException(problem);
        if (settings.Init.Image is { } init && (init.Width != width || init.Height != height))
            throw new ArgumentException($"the init image is {init.Width}x{init.Height}, the source {width}x{height}");
        if (target.NetworkId != network.Id || target.InputSpace != network.Space.Id)
            throw new ArgumentException($"the style statistics are for {target.NetworkId} ({target.InputSpace}), the network is {network.Id} ({network.Space.Id})");
        if (target.Count == 0) throw new ArgumentException("the style statistics hold no images");
        if (settings.Init.Kind == AanInitKind.ColourMatched && settings.Init.Colours == null)
            throw new ArgumentException("a colour init needs the target's colour statistics, which come from its images (a statistics file has none)");
    }
}
