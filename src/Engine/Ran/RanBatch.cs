using static TorchSharp.torch;

namespace Fcan.Engine.Ran;

/// <summary>One training step's data on the training device: labeled source crops ([N,3,H,W] RGB 0..255 and [N,H,W]
/// int64 train ids, 255 ignored) and unlabeled target crops ([M,3,H,W]; empty in stage 1).</summary>
public sealed record RanBatch(Tensor SourceImages, Tensor SourceLabels, Tensor? TargetImages) : IDisposable
{
    public void Dispose()
    {
        SourceImages.Dispose();
        SourceLabels.Dispose();
        TargetImages?.Dispose();
    }
}
