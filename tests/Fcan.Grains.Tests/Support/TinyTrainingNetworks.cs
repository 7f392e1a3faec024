using Fcan.Data.Datasets;
using Fcan.Engine.Networks;
using Fcan.Engine.Runtime;
using Fcan.Engine.Segmentation;
using Fcan.Grains.Training;

namespace Fcan.Grains.Tests.Support;

/// <summary>A real but tiny segmentation network (one basic block per stage, 8 channels wide, random backbone):
/// distributed training steps in milliseconds on a CPU.</summary>
public sealed class TinyTrainingNetworks : ITrainingNetworks
{
    public const string Backbone = "tiny-test";

    public SegmentationNetwork Create(string backbone, string? weights, EngineDevice device) =>
        new SegmentationNetwork(Backbone, DilatedResNet.Basic([1, 1, 1, 1], 8), InputSpace.TorchvisionRgb, CityscapesLabels.ClassCount).On(device);
}
