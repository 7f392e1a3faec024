using Fcan.Engine.Aan;
using Fcan.Engine.Runtime;
using Fcan.Engine.Style;
using Fcan.Engine.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Fcan.Engine.Tests.Aan;

public class AanLossGradientTests
{
    [Theory]
    [InlineData(LossScale.Raw, 0)]
    [InlineData(LossScale.Relative, 0.5)]
    public void AutogradGradientMatchesFiniteDifferences(LossScale scale, double smoothness)
    {
        using var network = TinyNetworks.Create(11, float64);
        using var scope = NewDisposeScope();
        manual_seed(12);
        const double h = 1e-4;
        using Scalar spread = 40, step = h;
        var source = randn(1, 3, 32, 64, dtype: float64) * spread;
        var style = randn(1, 3, 32, 64, dtype: float64) * spread;
        Tensor[] sourceTaps, targetGrams;
        using (no_grad())
        {
            sourceTaps = network.Forward(source);
            targetGrams = network.Forward(style).Select(f => Gram.Of(f)[0]).ToArray();
        }
        var x = (randn(1, 3, 32, 64, dtype: float64) * spread).requires_grad_(true);

        // Weight the style term so both terms move the loss by similar amounts.
        var settings = new AanSettings { ContentWeights = [1, 1, 1, 1, 1], StyleWeights = [1, 0.5, 1, 2, 1], Scale = scale, Smoothness = smoothness };
        using (no_grad())
        {
            var terms = AanLoss.Evaluate(x, network.Forward(x), sourceTaps, targetGrams, settings with { Alpha = 1 });
            settings = settings with { Alpha = terms.Content.item<double>() / terms.Style.item<double>() };
        }
        double Loss(Tensor input) => AanLoss.Evaluate(input, network.Forward(input), sourceTaps, targetGrams, settings).Total.item<double>();

        var gradient = torch.autograd.grad([AanLoss.Evaluate(x, network.Forward(x), sourceTaps, targetGrams, settings).Total], [x])[0];
        var largest = gradient.abs().max().item<double>();
        var random = new Random(3);
        for (var probe = 0; probe < 12; probe++)
        {
            long[] at = [0, random.Next(3), random.Next(32), random.Next(64)];
            using var noGrad = no_grad();
            var plus = x.detach().clone();
            plus[at[0], at[1], at[2], at[3]].PlusInPlace(step);
            var minus = x.detach().clone();
            minus[at[0], at[1], at[2], at[3]] -= step;
            var numeric = (Loss(plus) - Loss(minus)) / (2 * h);
            var analytic = gradient[at[0], at[1], at[2], at[3]].item<double>();
            Assert.True(Math.Abs(numeric - analytic) <= 1e-6 * largest + 1e-6 * Math.Abs(analytic),
                $"at [{string.Join(",", at)}]: autograd {analytic}, finite differences {numeric}");
        }
    }
}
