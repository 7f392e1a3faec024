using System.Runtime.CompilerServices;
using Fcan.Engine.Ran.Distributed;
using Fcan.Grains.Contracts;
using Fcan.Grains.Jobs;
using Fcan.Grains.Persistence;
using Fcan.Grains.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Fcan.Grains.Training;

/// <summary>
/// A distributed training job (RAN, or an adapter: <see cref="TrainerRuns"/>). Its life: starting (one trainer per
/// device the cluster reports, at most one per sample of the batch), running (trainers step and exchange among
/// themselves; they report each step here), checkpointing (the first trainer writes one every N steps), and completed,
/// failed or cancelled. When a trainer is lost (a trainer reports the ring broken, or its silo leaves the membership)
/// the job starts a new generation: it keeps the trainers that still answer, rolls them back to the last checkpoint,
/// re-shards the batch over them and records the restart in its status. Reentrant: reports never wait behind a restart.
/// </summary>
[Reentrant]
public sealed class TrainingJobGrain(
    [PersistentState("training", GrainStorageNames.Fcan)] IPersistentState<TrainingJobRecord> state,
    BlobStoreCache stores,
    IOptions<TrainingOptions> options,
    TimeProvider time,
    ILogger<TrainingJobGrain> log) : Grain, ITrainingJobGrain
{
    private readonly StepTally tally = new();
    private readonly ThroughputMeter meter = new(TimeSpan.FromSeconds(30));
    private readonly SemaphoreSlim saveLock = new(1, 1);
    private TrainingLosses? lastLosses;
    private long bytesPerStep;
    private IGrainTimer? membershipCheck;
    private Task restarting = Task.CompletedTask;

    private TrainingJobRecord Job => state.State;
    private string JobId => this.GetPrimaryKeyString();
    private bool Active => Job.State is TrainingState.Running or TrainingState.Checkpointing;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Active) WatchMembership();
        return Task.CompletedTask;
    }

    public async Task<TrainingStatus> Start(TrainingSpec spec, CancellationToken cancellationToken)
    {
        if (Job.Spec is not null)
        {
            if (Job.Spec != spec) throw new InvalidOperationException($"training job '{JobId}' already exists with another spec");
            return Status();
        }
        if (Problem(spec) is { } problem) throw new ArgumentException($"training job '{JobId}': {problem}");
        var checkpoints = stores.Open(spec.Checkpoints);
        if (await TrainerRuns.CheckpointStepAsync(spec, checkpoints, cancellationToken) is not null)
            throw new InvalidOperationException($"{checkpoints.Location}: already holds a checkpoint; choose another location");
        Job.Spec = spec;
        Job.State = TrainingState.Starting;
        Job.CreatedAt = time.GetUtcNow();
        await SaveAsync(cancellationToken);

        var devices = await DevicesAsync(spec, cancellationToken);
        if (devices.Count == 0)
        {
            await FinishAsync(TrainingState.Failed, "no silo of the cluster has reported a device yet", cancellationToken);
            return Status();
        }
        Job.Trainers = devices.Select(d => new TrainerKey(JobId, d.Silo, d.Device).ToString()).ToList();
        Job.Generation = 1;
        Job.State = TrainingState.Running;
        await SaveAsync(cancellationToken);
        log.LogInformation("Training job {Job} started with {Trainers} trainers ({Sync}, {Wire} on the wire)",
            JobId, Job.Trainers.Count, spec.Sync, spec.Wire);
        WatchMembership();
        await StartTrainersAsync(cancellationToken);
        return Status();
    }

    public Task<TrainingStatus> GetStatus(CancellationToken cancellationToken) => Task.FromResult(Status());

    public async Task<TrainingStatus> Cancel(CancellationToken cancellationToken)
    {
        if (!Status().IsFinal && Job.Spec is not null) await FinishAsync(TrainingState.Cancelled, null, cancellationToken);
        return Status();
    }

    public async IAsyncEnumerable<TrainingStatus> WatchProgress(TimeSpan interval, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            var status = Status();
            yield return status;
            if (status.IsFinal || status.State == TrainingState.Unknown) yield break;
            await Task.Delay(interval, time, cancellationToken);
        }
    }

    public async Task<bool> ReportStep(TrainerStepReport report, CancellationToken cancellationToken)
    {
        if (report.Generation != Job.Generation || !Active) return false;
        if (tally.Add(report, Job.Trainers.Count) is not { } step) return true;
        Job.Step = report.Step + 1;
        (lastLosses, bytesPerStep) = step;
        meter.Record(time.GetUtcNow(), Job.Step);
        if (Job.Step == Job.Spec!.TotalSteps && Job.CheckpointStep == Job.Step)
            await FinishAsync(TrainingState.Completed, null, cancellationToken);
        return true;
    }

    public async Task ReportCheckpoint(int generation, int step, bool done, CancellationToken cancellationToken)
    {
        if (generation != Job.Generation || !Active) return;
        if (!done)
        {
            Job.State = TrainingState.Checkpointing;
            return;
        }
        Job.State = TrainingState.Running;
        Job.CheckpointStep = step;
        await SaveAsync(cancellationToken);
    }

    public Task ReportFailure(int generation, string trainer, string reason, CancellationToken cancellationToken)
    {
        // Not awaited: the restart stops the reporting trainer, which waits for this call to return.
        if (generation == Job.Generation && Active) Restart(reason);
        return Task.CompletedTask;
    }

    private void Restart(string reason)
    {
        var generation = Job.Generation;
        restarting = restarting.ContinueWith(_ => generation == Job.Generation && Active ? RestartAsync(reason) : Task.CompletedTask,
            CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Current).Unwrap();
    }

    /// <summary>Continues from the last checkpoint with every trainer that still answers.</summary>
    private async Task RestartAsync(string reason)
    {
        try
        {
            await ContinueWithSurvivorsAsync(reason);
        }
        catch (Exception error)
        {
            log.LogError(error, "Training job {Job}: the restart failed", JobId);
            await FinishAsync(TrainingState.Failed, $"restart after '{reason}' failed: {error.Message.Split('\n', 2)[0]}", CancellationToken.None);
        }
    }

    private async Task ContinueWithSurvivorsAsync(string reason)
    {
        var spec = Job.Spec!;
        var atStep = Job.Step;
        var before = Job.Trainers;
        Job.Generation++;
        Job.State = TrainingState.Restarting;
        await SaveAsync(CancellationToken.None);
        log.LogWarning("Training job {Job} lost a trainer at step {Step}: {Reason}", JobId, atStep, reason);

        var active = await ActiveSilosAsync();
        var answers = await Task.WhenAll(before.Select(async key =>
            active.Contains(TrainerKey.Parse(key).Silo) && await TryAsync(t => Trainer(key).Stop(t))));
        var survivors = before.Where((_, i) => answers[i]).ToList();
        if (survivors.Count == 0)
        {
            await FinishAsync(TrainingState.Failed, $"every trainer was lost ({reason})", CancellationToken.None);
            return;
        }
        Job.CheckpointStep = await TrainerRuns.CheckpointStepAsync(spec, stores.Open(spec.Checkpoints), CancellationToken.None) ?? 0;
        Job.Step = Job.CheckpointStep;
        Job.Trainers = survivors;
        Job.Restarts.Add(new TrainingRestart(Job.Generation, atStep, Job.CheckpointStep,
            before.Except(survivors).Select(key => TrainerKey.Parse(key).Name).ToList(), survivors.Count, reason, time.GetUtcNow()));
        Job.State = TrainingState.Running;
        tally.Clear();
        await SaveAsync(CancellationToken.None);
        log.LogWarning("Training job {Job}: generation {Generation} continues from step {Step} with {Trainers} trainers",
            JobId, Job.Generation, Job.CheckpointStep, survivors.Count);
        await StartTrainersAsync(CancellationToken.None);
    }

    /// <summary>Sends every trainer its assignment for the current generation; one that can't take it is a loss.</summary>
    private async Task StartTrainersAsync(CancellationToken cancellationToken)
    {
        var keys = Job.Trainers;
        var started = await Task.WhenAll(keys.Select((key, rank) => TryAsync(t => Trainer(key).Start(
            new TrainerAssignment(JobId, Job.Spec!, Job.Generation, rank, keys, Job.CheckpointStep), t))));
        if (started.Contains(false) && Active)
            Restart($"trainer {TrainerKey.Parse(keys[Array.IndexOf(started, false)]).Name} could not be started");
    }

    private void WatchMembership()
    {
        var period = options.Value.MembershipCheckPeriod;
        membershipCheck ??= this.RegisterGrainTimer(CheckMembershipAsync, period, period);
    }

    private async Task CheckMembershipAsync(CancellationToken cancellationToken)
    {
        if (!Active) return;
        var active = await ActiveSilosAsync();
        var gone = Job.Trainers.Select(TrainerKey.Parse).FirstOrDefault(key => !active.Contains(key.Silo));
        if (gone is not null && Active) Restart($"silo {gone.Silo} left the cluster");
    }

    private async Task<HashSet<string>> ActiveSilosAsync() =>
        (await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Keys.Select(s => s.ToString()).ToHashSet();

    /// <summary>The devices of the active silos, in a fixed order, at most one per sample of the batch.</summary>
    private async Task<List<DeviceStatus>> DevicesAsync(TrainingSpec spec, CancellationToken cancellationToken)
    {
        var cluster = await GrainFactory.GetGrain<IClusterStatusGrain>(0).GetStatus(cancellationToken);
        var limit = Math.Min(spec.Batch, spec.MaxTrainers > 0 ? spec.MaxTrainers : int.MaxValue);
        return cluster.Silos.SelectMany(s => s.Devices).OrderBy(d => d.Silo).ThenBy(d => d.Device).Take(limit).ToList();
    }

    /// <summary>Runs a call to a trainer within the ping timeout; false when it failed or took too long.</summary>
    private async Task<bool> TryAsync(Func<CancellationToken, Task> call)
    {
        using var timeout = new CancellationTokenSource(options.Value.PingTimeout);
        try
        {
            await call(timeout.Token).WaitAsync(options.Value.PingTimeout);
            return true;
        }
        catch (Exception error)
        {
            log.LogInformation("Training job {Job}: a trainer did not answer ({Error})", JobId, error.Message.Split('\n', 2)[0]);
            return false;
        }
    }

    private ITrainerGrain Trainer(string key) => GrainFactory.GetGrain<ITrainerGrain>(key);

    private async Task FinishAsync(TrainingState final, string? error, CancellationToken cancellationToken)
    {
        Job.State = final;
        Job.Error = error;
        Job.FinishedAt = time.GetUtcNow();
        await SaveAsync(cancellationToken);
        membershipCheck?.Dispose();
        membershipCheck = null;
        log.LogInformation("Training job {Job} {State} at step {Step}{Error}", JobId, final, Job.Step, error is null ? "" : $": {error}");
        foreach (var key in Job.Trainers) _ = TryAsync(t => Trainer(key).Stop(t));
    }

    private TrainingStatus Status() => Job.Spec is null
        ? TrainingStatus.Unknown(JobId)
        : new TrainingStatus(JobId, Job.Spec, Job.State, Job.Step, Job.Spec.TotalSteps, lastLosses,
            Math.Round(meter.PerSecond, 3), Job.Trainers.Select(key => TrainerKey.Parse(key).Name).ToList(), Job.Generation,
            Job.CheckpointStep, bytesPerStep, Job.Restarts.ToList(), Job.Error, Job.CreatedAt, Job.FinishedAt);

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        await saveLock.WaitAsync(cancellationToken);
        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        finally
        {
            saveLock.Release();
        }
    }

    private static string? Problem(TrainingSpec spec)
    {
        if (TrainerRuns.Problem(spec) is { } settings) return settings;
        SyncMode sync;
        try
        {
            sync = SyncMode.Parse(spec.Sync);
            WireCodec.Parse(spec.Wire);
        }
        catch (ArgumentException error)
        {
            return error.Message;
        }
        if (spec.CheckpointEvery < 1) return "checkpoints are needed to survive a lost trainer: give --checkpoint-every 1 or more";
        if (!sync.AveragesGradients && spec.CheckpointEvery % sync.LocalSteps != 0)
            return $"with {sync} the checkpoint period must be a multiple of {sync.LocalSteps} (got {spec.CheckpointEvery})";
        if (spec.MaxTrainers < 0) return "max trainers can't be negative";
        return null;
    }
}
