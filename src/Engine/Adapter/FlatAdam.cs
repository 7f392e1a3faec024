using Fcan.Engine.Ran;
using Fcan.Engine.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Fcan.Engine.Adapter;

/// <summary>
/// Adam (Kingma and Ba 2015) on a flat parameter vector, PyTorch's rule without weight decay:
/// m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; p = p - lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps).
/// Both moments are flat tensors and t is the trainer's step, so a checkpoint of the two restores it exactly.
/// </summary>
public sealed class FlatAdam : IDisposable
{
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;
    private const double Epsilon = 1e-8;

    public FlatAdam(FlatParameters parameters)
    {
        var first = parameters.Parameters[0];
        // The moments outlive every per-step scope.
        Mean = zeros(parameters.Count, first.dtype, first.device).DetachFromDisposeScope();
        Variance = zeros(parameters.Count, first.dtype, first.device).DetachFromDisposeScope();
    }

    /// <summary>The first moment m.</summary>
    public Tensor Mean { get; }

    /// <summary>The second moment v.</summary>
    public Tensor Variance { get; }

    /// <summary>Step <paramref name="t"/> (1 for the first) from a flat gradient.</summary>
    public void Step(FlatParameters parameters, Tensor gradient, double learningRate, int t)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using Scalar beta1 = Beta1, rest1 = 1 - Beta1, beta2 = Beta2, rest2 = 1 - Beta2, epsilon = Epsilon, rate = learningRate;
        using Scalar bias1 = 1 - Math.Pow(Beta1, t), bias2 = 1 - Math.Pow(Beta2, t);
        Mean.mul_(beta1).add_(gradient, alpha: rest1);
        Variance.mul_(beta2).addcmul_(gradient, gradient, value: rest2);
        var meanHat = Mean / bias1;
        var varianceHat = Variance / bias2;
        var values = parameters.Values();
        values.sub_(meanHat / varianceHat.sqrt().Plus(epsilon) * rate);
        parameters.SetValues(values);
    }

    /// <summary>Restores checkpointed moments.</summary>
    public void Load(Tensor mean, Tensor variance)
    {
        using var noGrad = no_grad();
        Mean.copy_(mean);
        Variance.copy_(variance);
    }

    public void Dispose()
    {
        Mean.Dispose();
        Variance.Dispose();
    }
}
