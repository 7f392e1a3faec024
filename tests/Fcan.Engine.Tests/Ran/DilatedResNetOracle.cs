using Fcan.Engine.Tests.Support;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Fcan.Engine.Tests.Ran;

/// <summary>The backbone's features as Oracle/dilated_resnet_oracle.py computes them with Debian's PyTorch.</summary>
public static class DilatedResNetOracle
{
    /// <summary>[N,3,H,W] RGB 0..255 through the torchvision weights in <paramref name="weightsFile"/> (.safetensors or .pt).</summary>
    public static Tensor Features(string weightsFile, Tensor rgb, string folder)
    {
        var input = Path.Combine(folder, $"oracle-input-{Guid.NewGuid():N}.pt");
        var output = Path.ChangeExtension(input, ".features.pt");
        PyTorchPickler.PickleStateDict(input, new Dictionary<string, Tensor> { ["input"] = rgb });
        var oracle = ProcessRunner.Oracle("dilated_resnet_oracle.py", ["--weights", weightsFile, "--input", input, "--out", output]);
        Assert.True(oracle.ExitCode == 0, oracle.Error);
        return (Tensor)PyTorchUnpickler.UnpickleStateDict(output)["features"]!;
    }
}
