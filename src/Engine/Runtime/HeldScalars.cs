using TorchSharp;
using static TorchSharp.torch;

namespace Fcan.Engine.Runtime;

/// <summary>
/// Tensor arithmetic whose TorchSharp 0.107 form makes a Scalar it does not hold while libtorch reads it: a garbage
/// collection on another thread can then finalize the Scalar mid-call, and libtorch reads freed memory (seen as
/// "Expected false to be true" from c10::Scalar::toDouble after a few hundred adapter training steps). Here each
/// Scalar is declared with using, so it lives until the call has returned. The build's analyzer (FCAN0001,
/// build/Analyzers) points at every form that needs one of these.
/// </summary>
public static class HeldScalars
{
    /// <summary>a + b (TorchSharp's + makes an alpha of 1 and drops it).</summary>
    public static Tensor Plus(this Tensor a, Tensor b)
    {
        using Scalar one = 1;
        return a.add(b, one);
    }

    /// <summary>a + b for a Scalar the caller holds.</summary>
    public static Tensor Plus(this Tensor a, Scalar b)
    {
        using Scalar one = 1;
        return a.add(b, one);
    }

    /// <summary>a += b in place.</summary>
    public static Tensor PlusInPlace(this Tensor a, Tensor b)
    {
        using Scalar one = 1;
        return a.add_(b, one);
    }

    /// <summary>a += b in place for a Scalar the caller holds.</summary>
    public static Tensor PlusInPlace(this Tensor a, Scalar b)
    {
        using Scalar one = 1;
        return a.add_(b, one);
    }

    /// <summary>A one-element tensor's value as a double, whatever its dtype (TorchSharp's ToDouble() reads it
    /// through a Scalar it drops).</summary>
    public static double AsDouble(this Tensor a)
    {
        using var value = a.ToScalar();
        return value.ToDouble();
    }

    /// <summary>a² elementwise (TorchSharp's square() is pow with a Scalar 2 it drops).</summary>
    public static Tensor Squared(this Tensor a)
    {
        using Scalar two = 2;
        return a.pow(two);
    }
}
