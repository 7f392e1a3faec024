using Fcan.Engine.Segmentation;

namespace Fcan.Engine.Tests.Ran;

/// <summary>torchvision's ResNet-101 layout (about 170 MB per file and in memory).</summary>
public sealed class ResNet101Fixture() : TorchvisionWeightsFixture(SegmentationBackbone.ResNet101, ResNet101Blocks, seed: 101);
