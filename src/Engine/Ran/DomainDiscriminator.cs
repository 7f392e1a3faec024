using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Fcan.Engine.Ran;

/// <summary>
/// RAN's region-level domain discriminator (../shared/notes/fcan-paper-research.md §1b): four parallel 3x3
/// convolutions dilated 1, 2, 3 and 4 with 128 channels each, concatenated, and a 1x1 convolution to one logit per
/// position of the features (sigmoid: the probability that the region comes from the target domain). Padding equals
/// the dilation, so every input size keeps its grid. The paper names no nonlinearity; a leaky ReLU after the concat
/// keeps the discriminator from collapsing to one linear map.
/// </summary>
public sealed class DomainDiscriminator : Module<Tensor, Tensor>
{
    public static IReadOnlyList<int> Rates { get; } = [1, 2, 3, 4];

    public const long BranchChannels = 128;

    private const double NegativeSlope = 0.2;

    private readonly ModuleList<Conv2d> branches;
    private readonly Conv2d score;

    public DomainDiscriminator(long inChannels) : base(nameof(DomainDiscriminator))
    {
        branches = ModuleList(Rates.Select(rate => Conv2d(inChannels, BranchChannels, 3, padding: rate, dilation: rate)).ToArray());
        score = Conv2d(BranchChannels * Rates.Count, 1, 1);
        RegisterComponents();
    }

    /// <summary>[N,C,h,w] features to [N,1,h,w] domain logits.</summary>
    public override Tensor forward(Tensor features)
    {
        using var scope = NewDisposeScope();
        var concatenated = cat(branches.Select(branch => branch.forward(features)).ToList(), 1);
        using Scalar negativeSlope = NegativeSlope;
        return score.forward(concatenated.leaky_relu(negativeSlope)).MoveToOuterDisposeScope();
    }
}
