using Fcan.Engine.Ran.Distributed;
using Fcan.Engine.Runtime;
using Fcan.Grains.Contracts;
using Fcan.Grains.Storage;
using Fcan.Grains.Workers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fcan.Grains.Training;

/// <summary>
/// One data-parallel trainer on its silo's device, whatever it trains (<see cref="ITrainerRun"/>). Per step: its share
/// of the batch on its own torch thread, then the ring all-reduce with the other trainers (one
/// <see cref="ITrainerGrain.Deliver"/> call per chunk to the next trainer), then the update; the first trainer writes
/// the checkpoints. A newer generation's assignment replaces the running one (the job's restart after a loss); anything
/// that stops the loop is reported to the job.
/// </summary>
[SiloPinnedPlacement]
public sealed class TrainerGrain(
    TrainingSamples samples,
    ITrainingNetworks networks,
    BlobStoreCache stores,
    IOptions<TrainingOptions> options,
    ILogger<TrainerGrain> log) : Grain, ITrainerGrain
{
    private readonly TrainerMailbox mailbox = new();
    private readonly TrainerRuns runs = new(samples, networks, stores);
    private RenderThread? thread;
    private ITrainerRun? run;
    private TrainerAssignment? current;
    private CancellationTokenSource? running;
    private Task? loop;

    private TrainerKey Key => TrainerKey.Parse(this.GetPrimaryKeyString());

    public async Task Start(TrainerAssignment assignment, CancellationToken cancellationToken)
    {
        if (current is not null && assignment.Generation <= current.Generation) return;
        await StopLoopAsync();
        current = assignment;
        mailbox.Begin(assignment.Generation);
        running = new CancellationTokenSource();
        // Training outlives every call; only the job's Stop (or the silo's end) lets the trainer go.
        DelayDeactivation(TimeSpan.FromDays(365));
        loop = TrainAsync(assignment, running.Token);
    }

    public Task Deliver(RingChunk chunk, CancellationToken cancellationToken)
    {
        mailbox.Deliver(chunk);
        return Task.CompletedTask;
    }

    public Task Ping(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task Stop(CancellationToken cancellationToken)
    {
        await StopLoopAsync();
        await DisposeRunAsync();
        DeactivateOnIdle();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await StopLoopAsync();
        await DisposeRunAsync();
        thread?.Dispose();
    }

    private async Task TrainAsync(TrainerAssignment assignment, CancellationToken cancellationToken)
    {
        var job = GrainFactory.GetGrain<ITrainingJobGrain>(assignment.JobId);
        try
        {
            await TrainStepsAsync(assignment, job, cancellationToken);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped by the job: a newer generation or the job's end.
        }
        catch (Exception error)
        {
            var reason = $"trainer {Key.Name}: {error.Message.Split('\n', 2)[0]}";
            log.LogWarning(error, "Training job {Job}, generation {Generation}: {Reason}", assignment.JobId, assignment.Generation, reason);
            try
            {
                await job.ReportFailure(assignment.Generation, this.GetPrimaryKeyString(), reason, CancellationToken.None);
            }
            catch (Exception unreported)
            {
                log.LogWarning(unreported, "Training job {Job}: the failure could not be reported", assignment.JobId);
            }
        }
    }

    private async Task TrainStepsAsync(TrainerAssignment assignment, ITrainingJobGrain job, CancellationToken cancellationToken)
    {
        var spec = assignment.Spec;
        var wire = WireCodec.Parse(spec.Wire);
        var training = await CreateRunAsync(assignment, cancellationToken);
        var next = assignment.World > 1
            ? GrainFactory.GetGrain<ITrainerGrain>(assignment.Trainers[(assignment.Rank + 1) % assignment.World])
            : null;
        while (!training.Finished)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var part = await TorchThread.RunAsync(() => training.Begin(cancellationToken));
            long bytesSent = 0;
            if (part.Exchange is { } buffer)
            {
                if (next is not null) bytesSent = await ExchangeAsync(buffer, part.Step, assignment, next, wire, cancellationToken);
                await TorchThread.RunAsync(() => training.Complete(buffer));
            }
            var done = part.Step + 1;
            if (assignment.Rank == 0 && (done % spec.CheckpointEvery == 0 || done == spec.TotalSteps))
            {
                await job.ReportCheckpoint(assignment.Generation, done, done: false, cancellationToken);
                await TorchThread.RunAsync(training.SaveCheckpoint);
                await job.ReportCheckpoint(assignment.Generation, done, done: true, cancellationToken);
            }
            var report = new TrainerStepReport(assignment.Generation, assignment.Rank, part.Step, part.Losses, training.Weight, bytesSent);
            if (!await job.ReportStep(report, cancellationToken)) return;
        }
    }

    /// <summary>A fresh run from the seed, rolled forward to the assignment's checkpoint when it names one.</summary>
    private async Task<ITrainerRun> CreateRunAsync(TrainerAssignment assignment, CancellationToken cancellationToken)
    {
        await DisposeRunAsync();
        var created = await runs.CreateAsync(assignment, EngineDevice.Parse(Key.Device), TorchThread, cancellationToken);
        run = created;
        if (assignment.FromStep == 0) return created;
        var tensors = await created.ReadCheckpointAsync(assignment.FromStep, cancellationToken);
        await TorchThread.RunAsync(() =>
        {
            try
            {
                created.LoadState(tensors, assignment.FromStep);
            }
            finally
            {
                foreach (var tensor in tensors.Values) tensor.Dispose();
            }
        });
        return created;
    }

    /// <summary>The ring all-reduce of <paramref name="buffer"/> (summed in place); returns the bytes this trainer sent.</summary>
    private async Task<long> ExchangeAsync(float[] buffer, int step, TrainerAssignment assignment, ITrainerGrain next, WireFormat wire,
        CancellationToken cancellationToken)
    {
        var ring = new RingAllReduce(buffer, assignment.Rank, assignment.World, wire);
        var timeout = options.Value.ExchangeTimeout;
        for (var ringStep = 0; ringStep < ring.Steps; ringStep++)
        {
            var sending = ringStep;
            // Encoding and summing a large model's chunk takes a while: off the silo's scheduler, which must keep
            // answering membership probes.
            var chunk = new RingChunk(assignment.Generation, step, ringStep, await Task.Run(() => ring.Send(sending), cancellationToken));
            try
            {
                await next.Deliver(chunk, cancellationToken).WaitAsync(timeout, cancellationToken);
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                var peer = TrainerKey.Parse(assignment.Trainers[(assignment.Rank + 1) % assignment.World]);
                throw new IOException($"the next trainer {peer.Name} did not take step {step}'s chunk ({error.Message.Split('\n', 2)[0]})", error);
            }
            var received = await mailbox.TakeAsync(step, ringStep, timeout, cancellationToken);
            await Task.Run(() => ring.Receive(sending, received), cancellationToken);
        }
        return ring.BytesSent;
    }

    private RenderThread TorchThread => thread ??= new RenderThread($"fcan-train-{Key.Device}");

    private async Task StopLoopAsync()
    {
        if (running is null) return;
        await running.CancelAsync();
        if (loop is not null) await loop.ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);
        running.Dispose();
        running = null;
        loop = null;
    }

    private async Task DisposeRunAsync()
    {
        if (run is null || thread is null) return;
        await thread.RunAsync(() =>
        {
            run?.Dispose();
            run = null;
        });
    }
}
