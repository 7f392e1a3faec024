using static TorchSharp.torch;

namespace Fcan.Engine.Ran;

/// <summary>One batch's gradients as flat vectors (<see cref="FlatParameters"/> order): what data-parallel trainers
/// average before <see cref="RanTrainer.Apply"/>. <paramref name="Discriminator"/> is null in stage 1.</summary>
public sealed record RanGradients(Tensor Segmentation, Tensor? Discriminator, RanLosses Losses) : IDisposable
{
    public void Dispose()
    {
        Segmentation.Dispose();
        Discriminator?.Dispose();
    }
}
