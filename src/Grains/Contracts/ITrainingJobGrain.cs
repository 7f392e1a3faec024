namespace Fcan.Grains.Contracts;

/// <summary>A distributed training job, RAN or an adapter (key: job id): places one trainer per device, coordinates steps,
/// checkpoints and membership, and continues from the last checkpoint with the survivors when a trainer is lost.</summary>
public interface ITrainingJobGrain : IGrainWithStringKey
{
    /// <summary>Starts the job; starting again with the same spec returns the current status.</summary>
    Task<TrainingStatus> Start(TrainingSpec spec, CancellationToken cancellationToken = default);

    /// <summary>The job's status; <see cref="TrainingState.Unknown"/> when no job has this id.</summary>
    Task<TrainingStatus> GetStatus(CancellationToken cancellationToken = default);

    /// <summary>Stops the job for good (its last checkpoint stays).</summary>
    Task<TrainingStatus> Cancel(CancellationToken cancellationToken = default);

    /// <summary>Status snapshots every <paramref name="interval"/> until the job is final (the last one included).</summary>
    IAsyncEnumerable<TrainingStatus> WatchProgress(TimeSpan interval, CancellationToken cancellationToken = default);

    /// <summary>For trainers: a step done. False tells the trainer to stop (its generation is over or the job ended).</summary>
    Task<bool> ReportStep(TrainerStepReport report, CancellationToken cancellationToken = default);

    /// <summary>For the first trainer: a checkpoint of <paramref name="step"/> is being written (done: it is written).</summary>
    Task ReportCheckpoint(int generation, int step, bool done, CancellationToken cancellationToken = default);

    /// <summary>For trainers: training could not go on in <paramref name="generation"/> (a peer unreachable, bad data).</summary>
    Task ReportFailure(int generation, string trainer, string reason, CancellationToken cancellationToken = default);
}
