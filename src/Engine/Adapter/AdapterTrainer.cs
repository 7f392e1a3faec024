using Fcan.Engine.Aan;
using Fcan.Engine.Networks;
using Fcan.Engine.Ran;
using Fcan.Engine.Runtime;
using Fcan.Engine.Style;
using TorchSharp;
using static TorchSharp.torch;

namespace Fcan.Engine.Adapter;

/// <summary>
/// Trains an <see cref="AdapterNetwork"/> to do in one forward pass what AAN's optimisation does per image
/// (perceptual-loss training, Johnson et al. 2016): for crops x, minimise the AAN loss of y = adapter(x) with x as the
/// content source and the pool's Grams at the crop's size as the style target. One step is split like RAN's, so
/// data-parallel trainers can average gradients between <see cref="ComputeGradients"/> and <see cref="Apply"/>.
/// </summary>
public sealed class AdapterTrainer : IDisposable
{
    private const string NetworkPrefix = "network.";
    private const string AdamMean = "optimizer.mean";
    private const string AdamVariance = "optimizer.variance";

    private readonly FeatureNetwork features;
    private readonly StyleStatistics style;
    private readonly FlatAdam optimizer;
    private Tensor[]? targetGrams;

    private AdapterTrainer(AdapterNetwork network, FeatureNetwork features, StyleStatistics style, AdapterSettings settings)
    {
        Network = network;
        this.features = features;
        this.style = style;
        Settings = settings;
        Parameters = new FlatParameters(network.parameters().ToList());
        optimizer = new FlatAdam(Parameters);
    }

    /// <summary>A trainer at step 0; the adapter's initial weights follow from the seed. <paramref name="features"/>
    /// is shared, not owned.</summary>
    public static AdapterTrainer Create(FeatureNetwork features, StyleStatistics style, AdapterSettings settings)
    {
        var problem = settings.Problem() ?? AdapterStart.Problem(settings.Loss.Init) ?? features.SizeProblem(settings.CropWidth, settings.CropHeight);
        if (problem != null) throw new ArgumentException(problem);
        if (style.NetworkId != features.Id || style.InputSpace != features.Space.Id)
            throw new ArgumentException($"the style statistics are for {style.NetworkId} ({style.InputSpace}), the network is {features.Id} ({features.Space.Id})");
        if (style.Count == 0) throw new ArgumentException("the style statistics hold no images");
        var network = new AdapterNetwork(settings.Shape);
        network.DrawWeights(settings.Seed);
        network.to(features.DType).to(features.Device.ToTorch());
        return new AdapterTrainer(network, features, style, settings);
    }

    public AdapterNetwork Network { get; }

    public AdapterSettings Settings { get; }

    public FlatParameters Parameters { get; }

    /// <summary>Steps done so far.</summary>
    public int Step { get; private set; }

    public bool Finished => Step >= Settings.Steps;

    /// <summary>The loss of a batch of crops and its flat gradient, scaled by <paramref name="weight"/> (a trainer's
    /// share of a data-parallel batch); the parameters are not changed.</summary>
    public (Tensor Gradient, AdapterLosses Losses) ComputeGradients(AdapterBatch crops, double weight = 1)
    {
        using var scope = NewDisposeScope();
        Network.zero_grad();
        var loss = Loss(crops);
        using Scalar share = weight;
        (loss.Total * share).backward();
        return (Parameters.Gradients().MoveToOuterDisposeScope(), Read(loss));
    }

    /// <summary>The loss of a batch without training (how far the adapter is from AAN's objective on it).</summary>
    public AdapterLosses Evaluate(AdapterBatch crops)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return Read(Loss(crops));
    }

    /// <summary>Adam's step for this step's gradient (one trainer's, or the weighted sum over trainers).</summary>
    public void Apply(Tensor gradient)
    {
        if (Finished) throw new InvalidOperationException($"training is done ({Step} steps)");
        optimizer.Step(Parameters, gradient, Settings.LearningRate, Step + 1);
        Network.zero_grad();
        Step++;
    }

    /// <summary>One whole step on one trainer.</summary>
    public AdapterLosses TrainStep(AdapterBatch crops)
    {
        var (gradient, losses) = ComputeGradients(crops);
        using (gradient) Apply(gradient);
        return losses;
    }

    /// <summary>The adapter's weights and Adam's moments (CPU copies): with the step, all a resumed run needs.</summary>
    public Dictionary<string, Tensor> StateTensors()
    {
        using var noGrad = no_grad();
        var tensors = Network.state_dict().ToDictionary(p => NetworkPrefix + p.Key, p => p.Value.detach().cpu().clone());
        tensors[AdamMean] = optimizer.Mean.cpu().clone();
        tensors[AdamVariance] = optimizer.Variance.cpu().clone();
        return tensors;
    }

    /// <summary>Restores <see cref="StateTensors"/> taken at <paramref name="step"/>; throws naming the first mismatch.</summary>
    public void LoadState(IReadOnlyDictionary<string, Tensor> tensors, int step)
    {
        if (step < 0 || step > Settings.Steps) throw new ArgumentException($"checkpoint step {step} is outside 0..{Settings.Steps}");
        using var noGrad = no_grad();
        foreach (var (name, target) in Network.state_dict()) target.copy_(Require(tensors, NetworkPrefix + name, target.shape));
        optimizer.Load(Require(tensors, AdamMean, [Parameters.Count]), Require(tensors, AdamVariance, [Parameters.Count]));
        Step = step;
    }

    public void Dispose()
    {
        optimizer.Dispose();
        Network.Dispose();
        if (targetGrams != null) foreach (var gram in targetGrams) gram.Dispose();
    }

    /// <summary>The AAN loss (../shared/spec/aan.md) of the adapted crops (the network applied to their starts), the
    /// source crops as the content source, averaged over the batch: the one place training evaluates it, through the
    /// renderer's own loss.</summary>
    private AanLossTerms Loss(AdapterBatch crops)
    {
        using Scalar batch = crops.Sources.shape[0];
        Tensor[] sourceTaps;
        using (no_grad()) sourceTaps = features.Forward(features.Space.FromRgb(crops.Sources));
        var input = features.Space.FromRgb(Network.forward(crops.Starts));
        var terms = AanLoss.Evaluate(input, features.Forward(input), sourceTaps, TargetGrams(sourceTaps), Settings.Loss);
        return new AanLossTerms(terms.Total / batch, terms.Content / batch, terms.Style / batch);
    }

    /// <summary>Gbar_t at the crops' tap sizes, computed once (every crop has the same size).</summary>
    private Tensor[] TargetGrams(Tensor[] taps) =>
        targetGrams ??= taps.Select((tap, layer) => style
                .TargetGram(layer, tap.shape[2] * tap.shape[3], features.DType, features.Device.ToTorch())
                .DetachFromDisposeScope())
            .ToArray();

    private static AdapterLosses Read(AanLossTerms loss) => new(loss.Total.AsDouble(), loss.Content.AsDouble(), loss.Style.AsDouble());

    private static Tensor Require(IReadOnlyDictionary<string, Tensor> tensors, string name, long[] shape)
    {
        if (!tensors.TryGetValue(name, out var tensor)) throw new ArgumentException($"checkpoint has no tensor '{name}'");
        if (!tensor.shape.SequenceEqual(shape))
            throw new ArgumentException($"checkpoint tensor '{name}' has shape [{string.Join(",", tensor.shape)}], expected [{string.Join(",", shape)}]");
        return tensor;
    }
}
