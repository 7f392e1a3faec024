using Fcan.Data.Datasets;
using Fcan.Engine.Networks;
using Fcan.Engine.Runtime;
using Fcan.Engine.Segmentation;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Fcan.Engine.Ran;

/// <summary>
/// The state of one RAN trainer (segmentation network, discriminator, their optimizers, the step) and one step of
/// training, split in two so data-parallel trainers can exchange gradients in between: <see cref="ComputeGradients"/>
/// (forward and backward on a batch, returning flat gradients) and <see cref="Apply"/> (the optimizer steps).
/// </summary>
public sealed class RanTrainer : IDisposable
{
    private const string NetworkPrefix = "network.";
    private const string DiscriminatorPrefix = "discriminator.";
    private const string NetworkVelocity = "optimizer.network.velocity";
    private const string DiscriminatorVelocity = "optimizer.discriminator.velocity";

    private readonly FlatSgd networkOptimizer;
    private readonly FlatSgd discriminatorOptimizer;

    private RanTrainer(SegmentationNetwork network, DomainDiscriminator discriminator, RanSettings settings)
    {
        Network = network;
        Discriminator = discriminator;
        Settings = settings;
        NetworkParameters = new FlatParameters(network.TrainableParameters());
        DiscriminatorParameters = new FlatParameters(discriminator.parameters().ToList());
        networkOptimizer = new FlatSgd(NetworkParameters, settings.Momentum, settings.WeightDecay);
        discriminatorOptimizer = new FlatSgd(DiscriminatorParameters, settings.Momentum, settings.WeightDecay);
    }

    /// <summary>
    /// A trainer at step 0. The head's and the discriminator's random weights follow from the seed alone, drawn from a
    /// generator of its own (<see cref="ConvolutionWeights"/>), so every data-parallel trainer starts from the same
    /// weights whatever else draws from torch's generator meanwhile. (Torch's generator is still seeded first: an
    /// untrained backbone, as in tests, takes its weights from it.)
    /// </summary>
    public static RanTrainer Create(Func<SegmentationNetwork> createNetwork, RanSettings settings, EngineDevice device)
    {
        if (settings.Problem() is { } problem) throw new ArgumentException(problem);
        TorchRuntime.Ensure(device);
        manual_seed(settings.Seed);
        var network = createNetwork();
        var discriminator = new DomainDiscriminator(network.FeatureChannels);
        using (var generator = new Generator((ulong)settings.Seed))
            ConvolutionWeights.Draw([.. network.Head.modules().OfType<Conv2d>(), .. discriminator.modules().OfType<Conv2d>()], generator);
        network.On(device);
        discriminator.to(device.ToTorch());
        return new RanTrainer(network, discriminator, settings);
    }

    public SegmentationNetwork Network { get; }

    public DomainDiscriminator Discriminator { get; }

    public RanSettings Settings { get; }

    public FlatParameters NetworkParameters { get; }

    public FlatParameters DiscriminatorParameters { get; }

    /// <summary>Steps done so far.</summary>
    public int Step { get; private set; }

    public bool Finished => Step >= Settings.TotalSteps;

    /// <summary>The stage of the next step (the last stage once finished).</summary>
    public RanStage Stage => Step < Settings.Steps || Settings.AdversarialSteps == 0 ? RanStage.SourceOnly : RanStage.Adversarial;

    /// <summary>The segmentation network's learning rate at this step: poly decay within each stage.</summary>
    public double LearningRate => Stage == RanStage.SourceOnly
        ? Poly(Settings.LearningRate, Step, Settings.Steps)
        : Poly(Settings.AdversarialLearningRate, Step - Settings.Steps, Settings.AdversarialSteps);

    public double DiscriminatorLearningRate => Poly(Settings.DiscriminatorLearningRate, Step - Settings.Steps, Settings.AdversarialSteps);

    /// <summary>Forward and backward on one batch at the current step's stage; the parameters are not changed.</summary>
    public RanGradients ComputeGradients(RanBatch batch)
    {
        using var scope = NewDisposeScope();
        Network.zero_grad();
        Discriminator.zero_grad();
        var source = Network.forward(batch.SourceImages);
        var segmentation = cross_entropy(source.Logits, batch.SourceLabels, ignore_index: CityscapesLabels.Ignore);
        if (Stage == RanStage.SourceOnly)
        {
            segmentation.backward();
            return new RanGradients(NetworkParameters.Gradients().MoveToOuterDisposeScope(), null,
                new RanLosses(segmentation.AsDouble(), null, null));
        }
        if (batch.TargetImages is null) throw new ArgumentException("an adversarial step needs target images");

        // The segmentation network: lambda * L_seg on the source, and the discriminator fooled on the target
        // (target features labeled "source", 0). The discriminator's gradients from this pass are discarded.
        var target = Network.forward(batch.TargetImages);
        var targetScores = Discriminator.forward(target.Features);
        var adversarial = binary_cross_entropy_with_logits(targetScores, zeros_like(targetScores));
        using Scalar segmentationWeight = Settings.SegmentationWeight;
        (segmentation * segmentationWeight).Plus(adversarial).backward();
        var networkGradients = NetworkParameters.Gradients();

        // The discriminator: L_adv = -E_t log D(F(x_t)) - E_s log(1 - D(F(x_s))), on detached features.
        Discriminator.zero_grad();
        var sourceScores = Discriminator.forward(source.Features.detach());
        var targetScoresAlone = Discriminator.forward(target.Features.detach());
        var discriminator = binary_cross_entropy_with_logits(targetScoresAlone, ones_like(targetScoresAlone))
            .Plus(binary_cross_entropy_with_logits(sourceScores, zeros_like(sourceScores)));
        discriminator.backward();
        var discriminatorGradients = DiscriminatorParameters.Gradients();
        return new RanGradients(networkGradients.MoveToOuterDisposeScope(), discriminatorGradients.MoveToOuterDisposeScope(),
            new RanLosses(segmentation.AsDouble(), adversarial.AsDouble(), discriminator.AsDouble()));
    }

    /// <summary>The optimizer steps for gradients of this step (one trainer's, or the average over trainers).</summary>
    public void Apply(RanGradients gradients)
    {
        if (Finished) throw new InvalidOperationException($"training is done ({Step} steps)");
        // Stage 2 is a new optimizer in the paper: it starts without stage 1's momentum.
        if (Step == Settings.Steps) networkOptimizer.Reset();
        networkOptimizer.Step(NetworkParameters, gradients.Segmentation, LearningRate);
        if (gradients.Discriminator is { } discriminator)
            discriminatorOptimizer.Step(DiscriminatorParameters, discriminator, DiscriminatorLearningRate);
        Network.zero_grad();
        Discriminator.zero_grad();
        Step++;
    }

    /// <summary>One whole step on one trainer.</summary>
    public RanLosses TrainStep(RanBatch batch)
    {
        using var gradients = ComputeGradients(batch);
        Apply(gradients);
        return gradients.Losses;
    }

    /// <summary>Everything a checkpoint needs besides the step: both state dicts and both momentum buffers (CPU copies).</summary>
    public Dictionary<string, Tensor> StateTensors()
    {
        using var noGrad = no_grad();
        var tensors = new Dictionary<string, Tensor>();
        foreach (var (name, tensor) in Network.state_dict()) tensors[NetworkPrefix + name] = tensor.detach().cpu().clone();
        foreach (var (name, tensor) in Discriminator.state_dict()) tensors[DiscriminatorPrefix + name] = tensor.detach().cpu().clone();
        tensors[NetworkVelocity] = networkOptimizer.Velocity.cpu().clone();
        tensors[DiscriminatorVelocity] = discriminatorOptimizer.Velocity.cpu().clone();
        return tensors;
    }

    /// <summary>Restores <see cref="StateTensors"/> taken at <paramref name="step"/>; throws naming the first mismatch.</summary>
    public void LoadState(IReadOnlyDictionary<string, Tensor> tensors, int step)
    {
        if (step < 0 || step > Settings.TotalSteps) throw new ArgumentException($"checkpoint step {step} is outside 0..{Settings.TotalSteps}");
        using var noGrad = no_grad();
        Copy(Network.state_dict(), NetworkPrefix, tensors);
        Copy(Discriminator.state_dict(), DiscriminatorPrefix, tensors);
        networkOptimizer.Load(Tensor(tensors, NetworkVelocity, [NetworkParameters.Count]));
        discriminatorOptimizer.Load(Tensor(tensors, DiscriminatorVelocity, [DiscriminatorParameters.Count]));
        Step = step;
    }

    public void Dispose()
    {
        networkOptimizer.Dispose();
        discriminatorOptimizer.Dispose();
        Network.Dispose();
        Discriminator.Dispose();
    }

    private static void Copy(Dictionary<string, Tensor> targets, string prefix, IReadOnlyDictionary<string, Tensor> tensors)
    {
        foreach (var (name, target) in targets) target.copy_(Tensor(tensors, prefix + name, target.shape));
    }

    private static Tensor Tensor(IReadOnlyDictionary<string, Tensor> tensors, string name, long[] shape)
    {
        if (!tensors.TryGetValue(name, out var tensor)) throw new ArgumentException($"checkpoint has no tensor '{name}'");
        if (!tensor.shape.SequenceEqual(shape))
            throw new ArgumentException($"checkpoint tensor '{name}' has shape [{string.Join(",", tensor.shape)}], expected [{string.Join(",", shape)}]");
        return tensor;
    }

    private double Poly(double rate, int step, int steps) =>
        steps <= 0 ? rate : rate * Math.Pow(Math.Max(0, 1 - (double)step / steps), Settings.PolyPower);
}
