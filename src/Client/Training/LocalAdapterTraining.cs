using Fcan.Client.Cli;
using Fcan.Client.Views;
using Fcan.Engine.Adapter;
using Fcan.Engine.Networks;
using Fcan.Engine.Ran.Samples;
using Fcan.Engine.Runtime;
using Fcan.Engine.Style;

namespace Fcan.Client.Training;

/// <summary>An adapter training in this process, on its own thread (torch's dispose scopes are per thread), with the
/// progress display: what `fcan adapter train` and `fcan demo --method adapter` share.</summary>
public static class LocalAdapterTraining
{
    /// <summary>What the run did: its last step, the last step's losses, its crops per second and seconds.</summary>
    public sealed record Outcome(int Step, AdapterLosses? Losses, double ImagesPerSecond, double Seconds);

    /// <param name="resumed">The checkpoint to continue, or null for a new run at step 0.</param>
    public static Task<Outcome> RunAsync(CommandContext ctx, EngineDevice device, IRanSampleSource samples, StyleStatistics style,
        AdapterSettings settings, AdapterOrigin origin, AdapterCheckpointStore checkpoints, AdapterCheckpoint? resumed,
        int checkpointEvery, CancellationToken ct) =>
        Task.Factory.StartNew(() =>
        {
            using var features = FeatureNetworks.LoadResNet18(device);
            using var trainer = AdapterTrainer.Create(features, style, settings);
            if (resumed != null)
            {
                var tensors = checkpoints.ReadTensorsAsync(resumed, ct).GetAwaiter().GetResult();
                try
                {
                    trainer.LoadState(tensors, resumed.Step);
                }
                finally
                {
                    foreach (var tensor in tensors.Values) tensor.Dispose();
                }
                ctx.Output.Note($"resuming at step {resumed.Step} of {settings.Steps}");
            }
            var training = new AdapterTraining(trainer, new AdapterCrops(samples, settings), checkpoints, origin, checkpointEvery);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var firstStep = trainer.Step;
            var losses = new TrainingProgressDisplay(ctx.Output).Follow<AdapterProgress, AdapterLosses?>(trainer.Step, settings.Steps, TrainingProgressDisplay.Adapter, report => training.Run(report, ct));
            var seconds = clock.Elapsed.TotalSeconds;
            return new Outcome(trainer.Step, losses, (trainer.Step - firstStep) * settings.Batch / Math.Max(1e-9, seconds), seconds);
        }, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
