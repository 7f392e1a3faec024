using Fcan.Engine.Runtime;
using Fcan.Engine.Segmentation;

namespace Fcan.Grains.Training;

/// <summary>Builds a trainer's segmentation network (backbone weights loaded, head random from torch's seed).</summary>
public interface ITrainingNetworks
{
    /// <summary>Throws naming the backbone or the weights file when it can't.</summary>
    SegmentationNetwork Create(string backbone, string? weights, EngineDevice device);
}
