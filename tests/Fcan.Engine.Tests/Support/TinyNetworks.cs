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
                if (name.EndsWith("running_var", StringComparison.Ordinal)) tensor.copy_(rand_like(tensor) + 0.5);
                else if (name.EndsWith("running_mean", StringComparison.Ordinal) || name.EndsWith("bias", StringComparison.Ordinal)) tensor.copy_(randn_like(tensor) * 0.1);
            }
        return new FeatureNetwork("tiny-test", trunk, InputSpace.CaffeBgr, EngineDevice.Cpu, sizeMultiple: 32);
    }
}
