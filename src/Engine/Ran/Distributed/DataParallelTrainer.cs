using Fcan.Engine.Ran.Samples;
using TorchSharp;
using static TorchSharp.torch;

namespace Fcan.Engine.Ran.Distributed;

/// <summary>
/// One of N data-parallel trainers, between its <see cref="RanTrainer"/> and the exchange. <see cref="Begin"/> runs
/// the trainer's share of the next step and hands out the buffer to sum over all trainers (weighted by the share, so
/// the sum is the global mean); <see cref="Complete"/> takes the sum back. With <see cref="SyncMode.AllReduce"/> the
/// buffer is the step's gradients and the step is applied on their mean, exactly as one trainer with the whole batch
/// would (up to float summation order); with local SGD it is the parameters after every K-th step. Call both on the
/// thread that owns the trainer's tensors.
/// </summary>
public sealed class DataParallelTrainer(RanTrainer trainer, RanBatchSampler sampler, BatchShare share, SyncMode sync)
{
    private readonly Device device = trainer.NetworkParameters.Parameters[0].device;
    private ShareStep? pending;
    private bool pendingDiscriminator;

    public RanTrainer Trainer => trainer;

    public BatchShare Share => share;

    public SyncMode Sync => sync;

    /// <summary>This trainer's part of step <see cref="RanTrainer.Step"/>.</summary>
    public ShareStep Begin(CancellationToken cancellationToken)
    {
        if (pending is not null) throw new InvalidOperationException($"step {pending.Step} is still waiting for its exchange");
        var step = trainer.Step;
        using var scope = NewDisposeScope();
        using var batch = sampler.Batch(step, trainer.Stage, share, device, cancellationToken);
        using var gradients = trainer.ComputeGradients(batch);
        if (sync.AveragesGradients)
        {
            pendingDiscriminator = gradients.Discriminator is not null;
            pending = new ShareStep(step, gradients.Losses, Flatten(share.Weight, gradients.Segmentation, gradients.Discriminator));
            return pending;
        }
        trainer.Apply(gradients);
        if (!sync.ExchangesAfter(step, trainer.Settings.TotalSteps)) return new ShareStep(step, gradients.Losses, null);
        pending = new ShareStep(step, gradients.Losses,
            Flatten(share.Weight, trainer.NetworkParameters.Values(), trainer.DiscriminatorParameters.Values()));
        return pending;
    }

    /// <summary>Finishes the step <see cref="Begin"/> started with the sum of every trainer's buffer.</summary>
    public void Complete(float[] sum)
    {
        var step = pending ?? throw new InvalidOperationException("no step is waiting for its exchange");
        if (sum.Length != step.Exchange!.Length)
            throw new ArgumentException($"step {step.Step}: exchanged {sum.Length} values, expected {step.Exchange.Length}");
        using var scope = NewDisposeScope();
        var flat = tensor(sum).to(device);
        var networkCount = trainer.NetworkParameters.Count;
        var network = flat.narrow(0, 0, networkCount);
        if (sync.AveragesGradients)
        {
            var discriminator = pendingDiscriminator ? flat.narrow(0, networkCount, trainer.DiscriminatorParameters.Count) : null;
            trainer.Apply(new RanGradients(network, discriminator, step.Losses));
        }
        else
        {
            trainer.NetworkParameters.SetValues(network);
            trainer.DiscriminatorParameters.SetValues(flat.narrow(0, networkCount, trainer.DiscriminatorParameters.Count));
        }
        pending = null;
    }

    private static float[] Flatten(double weight, params Tensor?[] parts)
    {
        using var scope = NewDisposeScope();
        var flat = cat(parts.OfType<Tensor>().Select(p => p.detach().reshape(-1)).ToList(), 0).to(float32).cpu();
        using Scalar share = weight;
        if (weight != 1) flat = flat.mul(share);
        return flat.data<float>().ToArray();
    }
}
