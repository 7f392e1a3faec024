using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Fcan.Engine.Networks;

/// <summary>
/// Random starting weights that follow from a seed alone. Torch's process-wide generator is shared by every thread of
/// a process: another trainer loading its network, or any other draw between seeding it and building a layer,
/// changes what the layer gets, and data-parallel trainers, which must start from the same weights, would not.
/// </summary>
public static class ConvolutionWeights
{
    /// <summary>Draws each convolution's weight and bias as PyTorch's default does (uniform within +-1/sqrt(fan-in))
    /// from <paramref name="generator"/>.</summary>
    public static void Draw(IEnumerable<Conv2d> convolutions, Generator generator)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var convolution in convolutions)
        {
            var weight = convolution.weight!;
            var bound = 1 / Math.Sqrt(weight.shape[1] * weight.shape[2] * weight.shape[3]);
            using Scalar width = 2 * bound, low = bound;
            foreach (var parameter in new[] { weight, convolution.bias }.OfType<Parameter>())
                parameter.copy_(rand(parameter.shape, float32, CPU, generator: generator) * width - low);
        }
    }
}
