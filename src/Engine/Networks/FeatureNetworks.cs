using Fcan.Engine.Onnx;
using Fcan.Engine.Runtime;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Fcan.Engine.Networks;

/// <summary>Loads the feature networks AAN renders with.</summary>
public static class FeatureNetworks
{
    public const string ResNet18Id = "resnet18-cntk";
    public const string ResNet50Id = "resnet50";

    /// <summary>Where the ML.NET package's props file copies the CNTK ResNet-18.</summary>
    public static string PackagedResNet18Path =>
        Path.Combine(AppContext.BaseDirectory, "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx");

    private static readonly int[] CntkResNet18Blocks = [2, 2, 2, 3];

    /// <summary>The ImageNet-pretrained CNTK ResNet-18 shipped with Microsoft.ML.DnnImageFeaturizer.ResNet18.</summary>
    public static FeatureNetwork LoadResNet18(EngineDevice device) => LoadResNet18(PackagedResNet18Path, device);

    /// <summary>The CNTK ResNet-18 from a given ONNX file (the packaged one, or a copy).</summary>
    public static FeatureNetwork LoadResNet18(string onnxFile, EngineDevice device)
    {
        TorchRuntime.Ensure(device);
        var graph = ReadOnnx(onnxFile);
        var trunk = ResNetTaps.CntkResNet18();
        using (var scope = NewDisposeScope())
            StateDictLoader.Apply(trunk, CntkResNet18Weights.From(graph, onnxFile, CntkResNet18Blocks), onnxFile);
        // CNTK pads "same" asymmetrically; that equals PyTorch's symmetric padding only for even sizes at every stride.
        return new FeatureNetwork(ResNet18Id, trunk, InputSpace.CaffeBgr, device, sizeMultiple: 32);
    }

    /// <summary>
    /// torchvision's ResNet-50 from a state dict (.safetensors, or a PyTorch .pt/.pth zip) or an ONNX file whose
    /// initializers carry the state dict's names. It expects torchvision's input normalisation.
    /// </summary>
    public static FeatureNetwork LoadResNet50(string weightsFile, EngineDevice device)
    {
        TorchRuntime.Ensure(device);
        if (!File.Exists(weightsFile)) throw new WeightsFileException(weightsFile, "file not found");
        var trunk = ResNetTaps.ResNet50();
        try
        {
            using var scope = NewDisposeScope();
            StateDictLoader.Apply(trunk, ReadStateDict(weightsFile), weightsFile);
        }
        catch
        {
            trunk.Dispose();
            throw;
        }
        return new FeatureNetwork(ResNet50Id, trunk, InputSpace.TorchvisionRgb, device, sizeMultiple: 1);
    }

    /// <summary>A torchvision state dict from .safetensors, .pt/.pth/.bin or ONNX initializers.</summary>
    internal static IReadOnlyDictionary<string, Tensor> ReadStateDict(string file)
    {
        var extension = Path.GetExtension(file).ToLowerInvariant();
        try
        {
            return extension switch
            {
                ".safetensors" => Safetensors.LoadStateDict(file),
                ".pt" or ".pth" or ".bin" => PyTorchUnpickler.UnpickleStateDict(file)
                    .Cast<System.Collections.DictionaryEntry>()
                    .Where(e => e.Value is Tensor)
                    .ToDictionary(e => (string)e.Key, e => (Tensor)e.Value!),
                ".onnx" => ReadOnnx(file).Initializers.Values.Where(t => t.IsFloat)
                    .ToDictionary(t => t.Name, CntkResNet18Weights.ToTensor),
                _ => throw new WeightsFileException(file, $"unknown weights format '{extension}' (use .safetensors, .pt, .pth or .onnx)"),
            };
        }
        catch (Exception e) when (e is not WeightsFileException)
        {
            throw new WeightsFileException(file, $"not a readable {extension} weights file ({e.Message.Split('\n', 2)[0]})");
        }
    }

    internal static OnnxGraph ReadOnnx(string file)
    {
        try
        {
            return OnnxGraph.Load(file);
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            throw new WeightsFileException(file, $"not a readable ONNX model ({e.Message})");
        }
    }
}
