using Fcan.Grains.Contracts;
using static TorchSharp.torch;

namespace Fcan.Grains.Training;

/// <summary>
/// One trainer's side of a data-parallel training, whatever it trains (RAN or an adapter), so that
/// <see cref="TrainerGrain"/> runs every kind the same way: its share of a step hands out a flat buffer to sum over
/// the ring, the sum finishes the step (the same update on every trainer), and the first trainer writes checkpoints.
/// Everything but <see cref="ReadCheckpointAsync"/> runs on the trainer's torch thread.
/// </summary>
public interface ITrainerRun : IDisposable
{
    bool Finished { get; }

    /// <summary>This trainer's fraction of the global batch.</summary>
    double Weight { get; }

    /// <summary>This trainer's share of the next step.</summary>
    TrainerShare Begin(CancellationToken cancellationToken);

    /// <summary>Finishes the step <see cref="Begin"/> started with the sum of every trainer's buffer.</summary>
    void Complete(float[] sum);

    /// <summary>Writes a checkpoint of the steps done (with the last step's losses).</summary>
    void SaveCheckpoint();

    /// <summary>The tensors of the run's checkpoint, which must be at <paramref name="step"/> (CPU; the caller disposes them).</summary>
    Task<Dictionary<string, Tensor>> ReadCheckpointAsync(int step, CancellationToken cancellationToken);

    /// <summary>Rolls the run forward to the checkpoint <see cref="ReadCheckpointAsync"/> read.</summary>
    void LoadState(IReadOnlyDictionary<string, Tensor> tensors, int step);
}

/// <summary>A trainer's part of step <paramref name="Step"/>: its losses on its share and the buffer (weighted by the
/// share) the trainers sum; null when the step exchanges nothing (local SGD between averagings).</summary>
public sealed record TrainerShare(int Step, TrainingLosses Losses, float[]? Exchange);
