namespace Fcan.Engine.Segmentation;

/// <summary>The ImageNet backbones a segmentation network can start from.</summary>
public enum SegmentationBackbone
{
    /// <summary>The packaged CNTK ResNet-18 (or a copy of that ONNX file).</summary>
    ResNet18,

    /// <summary>torchvision's ResNet-50 from the user's weights file.</summary>
    ResNet50,

    /// <summary>torchvision's ResNet-101 from the user's weights file.</summary>
    ResNet101,
}
