using static TorchSharp.torch;

namespace Fcan.Engine.Segmentation;

/// <summary>One forward pass: the backbone's last features [N,C,H/8,W/8] (what RAN's discriminator judges) and the
/// class logits upsampled to the input [N,classes,H,W].</summary>
public sealed record SegmentationOutput(Tensor Features, Tensor Logits);
