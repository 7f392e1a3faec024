using Fcan.Data.Storage;
using Fcan.Engine.Adapter;
using Fcan.Engine.Networks;
using Fcan.Engine.Ran;
using Fcan.Engine.Ran.Checkpoints;
using Fcan.Engine.Ran.Distributed;
using Fcan.Engine.Ran.Samples;
using Fcan.Engine.Runtime;
using Fcan.Grains.Contracts;
using Fcan.Grains.Storage;
using Fcan.Grains.Workers;

namespace Fcan.Grains.Training;

/// <summary>What differs between the kinds of distributed training (RAN, or an adapter when the spec says so): how a
/// trainer's run is built, where a job's checkpoints say it got to, and what makes a spec untrainable. The job and
/// trainer grains are the same for every kind.</summary>
public sealed class TrainerRuns(TrainingSamples samples, ITrainingNetworks networks, BlobStoreCache stores)
{
    /// <summary>Trainer <paramref name="assignment"/>'s run at step 0 from the seed, its tensors made on <paramref name="thread"/>.</summary>
    public async Task<ITrainerRun> CreateAsync(TrainerAssignment assignment, EngineDevice device, RenderThread thread,
        CancellationToken cancellationToken)
    {
        var spec = assignment.Spec;
        var share = BatchShare.For(assignment.Rank, assignment.World, spec.Batch);
        var images = await samples.OpenAsync(spec.Source, spec.SourceLayout, cancellationToken);
        if (spec.Adapter is { } adapter)
        {
            var settings = adapter.Settings(spec);
            var checkpoints = new AdapterCheckpointStore(stores.Open(spec.Checkpoints));
            var style = await checkpoints.ReadStyleAsync(cancellationToken);
            return await thread.RunAsync<ITrainerRun>(() =>
            {
                var features = FeatureNetworks.LoadResNet18(device);
                try
                {
                    return new AdapterTrainerRun(features, AdapterTrainer.Create(features, style, settings), new AdapterCrops(images, settings),
                        share, checkpoints, adapter.Origin(spec));
                }
                catch
                {
                    features.Dispose();
                    throw;
                }
            });
        }
        var ranSettings = spec.Settings();
        var sampler = new RanBatchSampler(images, await samples.OpenAsync(spec.Target, spec.TargetLayout, cancellationToken), ranSettings);
        var sync = SyncMode.Parse(spec.Sync);
        return await thread.RunAsync<ITrainerRun>(() =>
        {
            var trainer = RanTrainer.Create(() => networks.Create(spec.Backbone, spec.Weights, device), ranSettings, device);
            return new RanTrainerRun(new DataParallelTrainer(trainer, sampler, share, sync), new RanCheckpointStore(stores.Open(spec.Checkpoints)), spec);
        });
    }

    /// <summary>The step of the checkpoint at the spec's location, or null when it holds none.</summary>
    public static async Task<int?> CheckpointStepAsync(TrainingSpec spec, IBlobStore store, CancellationToken cancellationToken) => spec.Adapter is null
            ? (await new RanCheckpointStore(store).ReadAsync(cancellationToken))?.Step
            : (await new AdapterCheckpointStore(store).ReadAsync(cancellationToken))?.Step;

    /// <summary>Why the spec's kind can't train these settings, or null.</summary>
    public static string? Problem(TrainingSpec spec)
    {
        if (spec.Adapter is not { } adapter) return spec.Settings().Problem();
        if (spec.Sync != SyncMode.AllReduce.ToString()) return $"an adapter's trainers average gradients every step (sync allreduce, not {spec.Sync})";
        try
        {
            return adapter.Settings(spec).Problem();
        }
        catch (System.Text.Json.JsonException error)
        {
            return $"the adapter's loss settings don't read: {error.Message}";
        }
    }

    /// <summary>Throws unless a checkpoint is at the step the job restarts from.</summary>
    public static void RequireStep(string location, int checkpointStep, int step)
    {
        if (checkpointStep != step)
            throw new InvalidDataException($"{location}: the checkpoint is at step {checkpointStep}, the job restarts from {step}");
    }
}
