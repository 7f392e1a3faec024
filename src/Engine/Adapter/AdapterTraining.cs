using System.Diagnostics;
using static TorchSharp.torch;

namespace Fcan.Engine.Adapter;

/// <summary>
/// An adapter's training loop, in one place: from the trainer's step to the end, one batch of seeded crops per step,
/// a checkpoint every <paramref name="checkpointEvery"/> steps (0: none in between) and at the end (with the adapter
/// file), progress after each step, cancellation between steps. A cancelled run checkpoints the steps it finished
/// before it stops, so `--resume` loses nothing.
/// </summary>
public sealed class AdapterTraining(
    AdapterTrainer trainer,
    AdapterCrops crops,
    AdapterCheckpointStore checkpoints,
    AdapterOrigin origin,
    int checkpointEvery)
{
    /// <summary>Trains to the end; returns the last step's losses (null when there was nothing left to do).</summary>
    public AdapterLosses? Run(Action<AdapterProgress>? onStep, CancellationToken cancellationToken)
    {
        var device = trainer.Network.parameters().First().device;
        var clock = Stopwatch.StartNew();
        var firstStep = trainer.Step;
        AdapterLosses? losses = null;
        var saved = trainer.Step;
        while (!trainer.Finished)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                // Written whatever the token says: a checkpoint cut short would throw away the finished steps.
                if (trainer.Step > saved) Save(losses, CancellationToken.None);
                cancellationToken.ThrowIfCancellationRequested();
            }
            using (NewDisposeScope())
            {
                using var batch = crops.Batch(trainer.Step, device, cancellationToken);
                losses = trainer.TrainStep(batch);
            }
            if (!double.IsFinite(losses.Total))
                throw new InvalidOperationException($"step {trainer.Step}: the loss became {losses.Total}");
            var images = (double)(trainer.Step - firstStep) * trainer.Settings.Batch;
            onStep?.Invoke(new AdapterProgress(trainer.Step, trainer.Settings.Steps, losses, images / Math.Max(1e-9, clock.Elapsed.TotalSeconds)));
            if (trainer.Finished || (checkpointEvery > 0 && trainer.Step % checkpointEvery == 0))
            {
                Save(losses, CancellationToken.None);
                saved = trainer.Step;
            }
        }
        return losses;
    }

    private void Save(AdapterLosses? losses, CancellationToken cancellationToken) =>
        checkpoints.SaveAsync(trainer, origin, losses, cancellationToken).GetAwaiter().GetResult();
}
