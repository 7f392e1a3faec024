using Fcan.Data.Datasets;
using Fcan.Engine.Networks;
using Fcan.Engine.Runtime;
using static TorchSharp.torch;

namespace Fcan.Engine.Segmentation;

/// <summary>Builds segmentation networks on ImageNet-pretrained backbones (the head starts from random weights).</summary>
public static class SegmentationNetworks
{
    /// <summary>The backbone id a checkpoint records, e.g. "resnet18-cntk".</summary>
    public static string IdOf(SegmentationBackbone backbone) => backbone switch
    {
        SegmentationBackbone.ResNet18 => FeatureNetworks.ResNet18Id,
        SegmentationBackbone.ResNet50 => FeatureNetworks.ResNet50Id,
        _ => "resnet101",
    };

    /// <summary>The backbone an id names; null for an unknown id.</summary>
    public static SegmentationBackbone? FromId(string id) =>
        Enum.GetValues<SegmentationBackbone>().Cast<SegmentationBackbone?>().FirstOrDefault(b => IdOf(b!.Value) == id);

    /// <summary>
    /// A network whose backbone holds ImageNet weights: ResNet-18 from the packaged ONNX file (or <paramref name="weightsFile"/>),
    /// ResNet-50/101 from a torchvision state dict (.safetensors, .pt/.pth or ONNX). Throws <see cref="WeightsFileException"/>.
    /// </summary>
    public static SegmentationNetwork Pretrained(SegmentationBackbone backbone, string? weightsFile, EngineDevice device)
    {
        TorchRuntime.Ensure(device);
        var file = weightsFile ?? (backbone == SegmentationBackbone.ResNet18
            ? FeatureNetworks.PackagedResNet18Path
            : throw new WeightsFileException("(none)", $"{IdOf(backbone)} needs a torchvision weights file"));
        if (!File.Exists(file)) throw new WeightsFileException(file, "file not found");
        var network = Untrained(backbone);
        try
        {
            using var scope = NewDisposeScope();
            var weights = backbone == SegmentationBackbone.ResNet18
                ? CntkResNet18Weights.From(FeatureNetworks.ReadOnnx(file), file, [2, 2, 2, 3])
                : FeatureNetworks.ReadStateDict(file);
            StateDictLoader.Apply(network.Backbone, weights, file);
        }
        catch
        {
            network.Dispose();
            throw;
        }
        return network.On(device);
    }

    /// <summary>The architecture alone, random weights (a checkpoint's weights go in next).</summary>
    public static SegmentationNetwork Untrained(SegmentationBackbone backbone) => backbone switch
    {
        SegmentationBackbone.ResNet18 => new(IdOf(backbone), DilatedResNet.CntkResNet18(), InputSpace.CaffeBgr, CityscapesLabels.ClassCount),
        SegmentationBackbone.ResNet50 => new(IdOf(backbone), DilatedResNet.ResNet50(), InputSpace.TorchvisionRgb, CityscapesLabels.ClassCount),
        _ => new(IdOf(backbone), DilatedResNet.ResNet101(), InputSpace.TorchvisionRgb, CityscapesLabels.ClassCount),
    };
}
