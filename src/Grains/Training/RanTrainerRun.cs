using Fcan.Engine.Ran;
using Fcan.Engine.Ran.Checkpoints;
using Fcan.Engine.Ran.Distributed;
using Fcan.Grains.Contracts;
using static TorchSharp.torch;

namespace Fcan.Grains.Training;

/// <summary>A trainer's part of distributed RAN training (`fcan train --cluster`): Engine's
/// <see cref="DataParallelTrainer"/> with the job's checkpoints.</summary>
public sealed class RanTrainerRun(DataParallelTrainer parallel, RanCheckpointStore checkpoints, TrainingSpec spec) : ITrainerRun
{
    private RanLosses? lastLosses;

    public bool Finished => parallel.Trainer.Finished;

    public double Weight => parallel.Share.Weight;

    public TrainerShare Begin(CancellationToken cancellationToken)
    {
        var part = parallel.Begin(cancellationToken);
        lastLosses = part.Losses;
        return new TrainerShare(part.Step, new TrainingLosses(part.Losses.Segmentation, part.Losses.Adversarial, part.Losses.Discriminator),
            part.Exchange);
    }

    public void Complete(float[] sum) => parallel.Complete(sum);

    public void SaveCheckpoint() =>
        checkpoints.SaveAsync(parallel.Trainer, spec.Source, spec.Target, lastLosses, CancellationToken.None).GetAwaiter().GetResult();

    public async Task<Dictionary<string, Tensor>> ReadCheckpointAsync(int step, CancellationToken cancellationToken)
    {
        var checkpoint = await checkpoints.RequireAsync(cancellationToken);
        TrainerRuns.RequireStep(checkpoints.Location, checkpoint.Step, step);
        return await checkpoints.ReadTensorsAsync(checkpoint, cancellationToken);
    }

    public void LoadState(IReadOnlyDictionary<string, Tensor> tensors, int step) => parallel.Trainer.LoadState(tensors, step);

    public void Dispose() => parallel.Trainer.Dispose();
}
