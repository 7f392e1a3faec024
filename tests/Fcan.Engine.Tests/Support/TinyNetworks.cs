using Fcan.Engine.Networks;
using Fcan.Engine.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Fcan.Engine.Tests.Support;

/// <summary>Small ResNets with random weights and non-trivial BatchNorm statistics: fast, and exact in float64.</summary>
public static class TinyNetworks
{
    public static FeatureNetwork Create(int seed, ScalarType dtype)
    {
        TorchRuntime.EnsureCpu();
        manual_seed(seed);
        var trunk = ResNetTaps.Basic([1, 1, 1, 1], 4);
        trunk.to(dtype);
        using (no_grad())
            foreach (var (name, tensor) in trunk.state_dict())
            {
                using Scalar half = 0.5, small = 0.1;
                if (name.EndsWith("running_var", StringComparison.Ordinal)) tensor.copy_(rand_like(tensor).Plus(half));
                else if (name.EndsWith("running_mean", StringComparison.Ordinal) || name.EndsWith("bias", StringComparison.Ordinal)) tensor.copy_(randn_like(tensor) * small);
            }
        return new FeatureNetwork("tiny-test", trunk, InputSpace.CaffeBgr, EngineDevice.Cpu, sizeMultiple: 32);
    }
}
