namespace Fcan.Grains.Contracts;

/// <summary>A snapshot of a distributed training job, as `fcan train --cluster` and `fcan adapter train --cluster` show it.</summary>
/// <param name="JobId">The job's id (its grain key).</param>
/// <param name="Spec">What it trains; null only for <see cref="TrainingState.Unknown"/>.</param>
/// <param name="State">Starting, running, ...</param>
/// <param name="Step">Steps every trainer has finished.</param>
/// <param name="TotalSteps">Both stages together.</param>
/// <param name="Losses">The last finished step's losses.</param>
/// <param name="StepsPerSecond">Recent speed (0 until measured).</param>
/// <param name="Trainers">The current trainers in ring order ("silo/device").</param>
/// <param name="Generation">1 for the first run, one more after each restart.</param>
/// <param name="CheckpointStep">The step of the last checkpoint written (0: none yet; the seed alone gives step 0).</param>
/// <param name="BytesPerStep">Bytes each trainer sent in the last step's exchange (the mean over trainers).</param>
/// <param name="Restarts">Every restart, oldest first.</param>
/// <param name="Error">Why the job failed, one line.</param>
/// <param name="CreatedAt">When the job was started.</param>
/// <param name="FinishedAt">When it completed, failed or was cancelled.</param>
[GenerateSerializer, Immutable, Alias("fcan.training-status")]
public sealed record TrainingStatus(
    string JobId,
    TrainingSpec? Spec,
    TrainingState State,
    int Step,
    int TotalSteps,
    TrainingLosses? Losses,
    double StepsPerSecond,
    IReadOnlyList<string> Trainers,
    int Generation,
    int CheckpointStep,
    long BytesPerStep,
    IReadOnlyList<TrainingRestart> Restarts,
    string? Error,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? FinishedAt)
{
    public static TrainingStatus Unknown(string jobId) =>
        new(jobId, null, TrainingState.Unknown, 0, 0, null, 0, [], 0, 0, 0, [], null, null, null);

    public bool IsFinal => State is TrainingState.Completed or TrainingState.Failed or TrainingState.Cancelled;
}
