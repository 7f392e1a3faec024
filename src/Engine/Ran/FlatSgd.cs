using Fcan.Engine.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Fcan.Engine.Ran;

/// <summary>
/// SGD with momentum and weight decay on a flat parameter vector, with PyTorch's update rule:
/// d = g + wd * p; v = m * v + d; p = p - lr * v. The velocity is one flat tensor, so it checkpoints and restores exactly.
/// </summary>
public sealed class FlatSgd : IDisposable
{
    private readonly double momentum;
    private readonly double weightDecay;

    public FlatSgd(FlatParameters parameters, double momentum, double weightDecay)
    {
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        var first = parameters.Parameters[0];
        // The velocity outlives every per-step scope.
        Velocity = zeros(parameters.Count, first.dtype, first.device).DetachFromDisposeScope();
    }

    /// <summary>The momentum buffer (zeros before the first step).</summary>
    public Tensor Velocity { get; }

    /// <summary>One step from a flat gradient (already averaged, when trainers share their gradients).</summary>
    public void Step(FlatParameters parameters, Tensor gradient, double learningRate)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using Scalar keep = momentum, decay = weightDecay, rate = learningRate;
        var values = parameters.Values();
        Velocity.mul_(keep).PlusInPlace(gradient.Plus(values * decay));
        values.sub_(Velocity * rate);
        parameters.SetValues(values);
    }

    /// <summary>Forgets the momentum (a new training stage starts with a fresh optimizer).</summary>
    public void Reset()
    {
        using var noGrad = no_grad();
        Velocity.zero_();
    }

    /// <summary>Restores a checkpointed momentum buffer.</summary>
    public void Load(Tensor velocity)
    {
        using var noGrad = no_grad();
        Velocity.copy_(velocity);
    }

    public void Dispose() => Velocity.Dispose();
}
