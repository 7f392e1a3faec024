using Fcan.Engine.Runtime;
using Fcan.Engine.Segmentation;

namespace Fcan.Grains.Training;

/// <summary>The ImageNet-pretrained networks `fcan train` uses (<see cref="SegmentationNetworks.Pretrained"/>).</summary>
public sealed class PretrainedTrainingNetworks : ITrainingNetworks
{
    public SegmentationNetwork Create(string backbone, string? weights, EngineDevice device) =>
        SegmentationNetworks.Pretrained(SegmentationNetworks.FromId(backbone)
            ?? throw new ArgumentException($"backbone '{backbone}': expected resnet18-cntk, resnet50 or resnet101"), weights, device);
}
