using Fcan.Engine.Segmentation;

namespace Fcan.Engine.Tests.Ran;

/// <summary>torchvision's ResNet-50 layout (about 100 MB per file).</summary>
public sealed class ResNet50Fixture() : TorchvisionWeightsFixture(SegmentationBackbone.ResNet50, ResNet50Blocks, seed: 50);
