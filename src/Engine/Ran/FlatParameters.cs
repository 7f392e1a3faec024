using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Fcan.Engine.Ran;

/// <summary>
/// A fixed list of parameters seen as one flat vector: values and gradients gathered into a single contiguous
/// tensor and written back. Optimizers, checkpoints and gradient exchange between trainers work on these vectors,
/// never tensor by tensor.
/// </summary>
public sealed class FlatParameters(IReadOnlyList<Parameter> parameters)
{
    /// <summary>Elements in the flat vector.</summary>
    public long Count { get; } = parameters.Sum(p => p.numel());

    public IReadOnlyList<Parameter> Parameters { get; } = parameters;

    /// <summary>A new flat copy of the values.</summary>
    public Tensor Values()
    {
        using var noGrad = no_grad();
        return cat(Parameters.Select(p => p.detach().reshape(-1)).ToList(), 0);
    }

    /// <summary>Writes a flat vector back into the parameters.</summary>
    public void SetValues(Tensor flat)
    {
        CheckLength(flat);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        long offset = 0;
        foreach (var parameter in Parameters)
        {
            parameter.copy_(flat.narrow(0, offset, parameter.numel()).view(parameter.shape));
            offset += parameter.numel();
        }
    }

    /// <summary>A new flat copy of the gradients (zeros where a parameter got none).</summary>
    public Tensor Gradients()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var parts = Parameters.Select(p => p.grad is { } grad ? grad.reshape(-1) : zeros(p.numel(), p.dtype, p.device)).ToList();
        return cat(parts, 0).MoveToOuterDisposeScope();
    }

    private void CheckLength(Tensor flat)
    {
        if (flat.dim() != 1 || flat.shape[0] != Count)
            throw new ArgumentException($"flat vector has shape [{string.Join(",", flat.shape)}], expected [{Count}]");
    }
}
