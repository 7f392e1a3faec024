using Fcan.Engine.Adapter;
using Fcan.Engine.Networks;
using Fcan.Engine.Ran.Distributed;
using Fcan.Grains.Contracts;
using static TorchSharp.torch;

namespace Fcan.Grains.Training;

/// <summary>
/// A trainer's part of an adapter's distributed training (`fcan adapter train --cluster`): its share of each step's
/// seeded crops (<see cref="AdapterCrops"/>), their loss's gradient weighted by the share, and Adam's step on the sum
/// of every trainer's: the step one process takes with the whole batch, up to float summation order. Checkpoints are
/// the local run's, so `fcan adapter train --resume` and `fcan convert --method adapter` read them alike.
/// </summary>
public sealed class AdapterTrainerRun : ITrainerRun
{
    private readonly FeatureNetwork features;
    private readonly AdapterTrainer trainer;
    private readonly AdapterCrops crops;
    private readonly BatchShare share;
    private readonly AdapterCheckpointStore checkpoints;
    private readonly AdapterOrigin origin;
    private AdapterLosses? lastLosses;

    /// <summary>Owns <paramref name="features"/> from here on.</summary>
    public AdapterTrainerRun(FeatureNetwork features, AdapterTrainer trainer, AdapterCrops crops, BatchShare share,
        AdapterCheckpointStore checkpoints, AdapterOrigin origin)
    {
        this.features = features;
        this.trainer = trainer;
        this.crops = crops;
        this.share = share;
        this.checkpoints = checkpoints;
        this.origin = origin;
    }

    public bool Finished => trainer.Finished;

    public double Weight => share.Weight;

    public TrainerShare Begin(CancellationToken cancellationToken)
    {
        var step = trainer.Step;
        using var scope = NewDisposeScope();
        using var batch = crops.Batch(step, share, features.Device.ToTorch(), cancellationToken);
        var (gradient, losses) = trainer.ComputeGradients(batch, share.Weight);
        if (!double.IsFinite(losses.Total)) throw new InvalidOperationException($"step {step}: the loss became {losses.Total}");
        lastLosses = losses;
        return new TrainerShare(step, new TrainingLosses(null, null, null, losses.Total, losses.Content, losses.Style),
            gradient.to(float32).cpu().data<float>().ToArray());
    }

    public void Complete(float[] sum)
    {
        using var scope = NewDisposeScope();
        trainer.Apply(tensor(sum).to(features.DType, features.Device.ToTorch()));
    }

    public void SaveCheckpoint() => checkpoints.SaveAsync(trainer, origin, lastLosses, CancellationToken.None).GetAwaiter().GetResult();

    public async Task<Dictionary<string, Tensor>> ReadCheckpointAsync(int step, CancellationToken cancellationToken)
    {
        var checkpoint = await checkpoints.RequireAsync(cancellationToken);
        TrainerRuns.RequireStep(checkpoints.Location, checkpoint.Step, step);
        return await checkpoints.ReadTensorsAsync(checkpoint, cancellationToken);
    }

    public void LoadState(IReadOnlyDictionary<string, Tensor> tensors, int step) => trainer.LoadState(tensors, step);

    public void Dispose()
    {
        trainer.Dispose();
        features.Dispose();
    }
}
