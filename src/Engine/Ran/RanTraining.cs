using System.Diagnostics;
using Fcan.Engine.Ran.Checkpoints;
using Fcan.Engine.Ran.Samples;
using static TorchSharp.torch;

namespace Fcan.Engine.Ran;

/// <summary>
/// RAN's training loop, in one place: from the trainer's step to the end of both stages (source only, then
/// adversarial), one batch per step from the seeded sampler, a checkpoint every <paramref name="checkpointEvery"/>
/// steps (0: none in between) and at the end, progress after each step, and cancellation between steps. A cancelled
/// run checkpoints the steps it finished before it stops, so `--resume` loses nothing.
/// </summary>
public sealed class RanTraining(
    RanTrainer trainer,
    RanBatchSampler sampler,
    RanCheckpointStore checkpoints,
    string source,
    string target,
    int checkpointEvery)
{
    /// <summary>Trains to the end; returns the last step's losses (null when there was nothing left to do).</summary>
    public RanLosses? Run(Action<RanProgress>? onStep, CancellationToken cancellationToken)
    {
        var device = trainer.Network.parameters().First().device;
        var clock = Stopwatch.StartNew();
        var firstStep = trainer.Step;
        RanLosses? losses = null;
        var saved = trainer.Step;
        while (!trainer.Finished)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                // Written whatever the token says: a checkpoint cut short would throw away the finished steps.
                if (trainer.Step > saved) Save(losses, CancellationToken.None);
                cancellationToken.ThrowIfCancellationRequested();
            }
            var stage = trainer.Stage;
            var learningRate = trainer.LearningRate;
            using (NewDisposeScope())
            {
                using var batch = sampler.Batch(trainer.Step, stage, device, cancellationToken);
                losses = trainer.TrainStep(batch);
            }
            if (!double.IsFinite(losses.Segmentation))
                throw new InvalidOperationException($"step {trainer.Step}: the segmentation loss became {losses.Segmentation}");
            onStep?.Invoke(new RanProgress(trainer.Step, trainer.Settings.TotalSteps, stage, losses, learningRate,
                (trainer.Step - firstStep) / Math.Max(1e-9, clock.Elapsed.TotalSeconds)));
            if (trainer.Finished || (checkpointEvery > 0 && trainer.Step % checkpointEvery == 0))
            {
                Save(losses, CancellationToken.None);
                saved = trainer.Step;
            }
        }
        return losses;
    }

    private void Save(RanLosses? losses, CancellationToken cancellationToken) =>
        checkpoints.SaveAsync(trainer, source, target, losses, cancellationToken).GetAwaiter().GetResult();
}
