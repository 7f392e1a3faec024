namespace Fcan.Grains.Contracts;

/// <summary>Where a conversion job is in its life.</summary>
[GenerateSerializer]
public enum JobState
{
    /// <summary>Not started: no job has this id.</summary>
    Unknown = 0,
    Running = 1,
    Paused = 2,
    Cancelled = 3,
    /// <summary>Every item done or failed, shards and manifest written.</summary>
    Completed = 4,
    /// <summary>The job itself could not go on (e.g. the source cannot be listed); see <see cref="JobStatus.Error"/>.</summary>
    Failed = 5,
}
