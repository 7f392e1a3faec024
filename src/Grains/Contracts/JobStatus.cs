namespace Fcan.Grains.Contracts;

/// <summary>A snapshot of one conversion job, as `fcan job status` shows it and progress streams it.</summary>
/// <param name="JobId">The job's id (its grain key).</param>
/// <param name="Spec">What the job converts; null only for <see cref="JobState.Unknown"/>.</param>
/// <param name="State">Running, paused, ...</param>
/// <param name="Progress">Counts, speed and ETA.</param>
/// <param name="ShardsWritten">Shards already written to the output.</param>
/// <param name="ManifestName">The manifest's name in the output once it is written (the job's last step).</param>
/// <param name="CreatedAt">When the job was started.</param>
/// <param name="FinishedAt">When it completed, failed or was cancelled.</param>
/// <param name="Error">Why the job failed (one line), when <see cref="State"/> is <see cref="JobState.Failed"/>.</param>
/// <param name="Generation">The manifest generation the job writes into its output (1 for a first conversion).</param>
[GenerateSerializer, Immutable, Alias("fcan.job-status")]
public sealed record JobStatus(
    string JobId,
    JobSpec? Spec,
    JobState State,
    JobProgress Progress,
    int ShardsWritten,
    string? ManifestName,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? FinishedAt,
    string? Error,
    int Generation = 0)
{
    public static JobStatus Unknown(string jobId) =>
        new(jobId, null, JobState.Unknown, JobProgress.Empty, 0, null, null, null, null);

    /// <summary>Completed, cancelled or failed: nothing more will change.</summary>
    public bool IsFinal => State is JobState.Completed or JobState.Cancelled or JobState.Failed;
}
