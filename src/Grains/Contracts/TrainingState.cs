namespace Fcan.Grains.Contracts;

/// <summary>Where a distributed training job is in its life.</summary>
[GenerateSerializer]
public enum TrainingState
{
    /// <summary>No job has this id.</summary>
    Unknown = 0,
    /// <summary>Created; trainers are being placed on the cluster's devices and joined.</summary>
    Starting = 1,
    Running = 2,
    /// <summary>Running, while the first trainer writes a checkpoint.</summary>
    Checkpointing = 3,
    /// <summary>A trainer was lost: the survivors are rolled back to the last checkpoint and re-sharded.</summary>
    Restarting = 4,
    Completed = 5,
    /// <summary>The job could not go on (no trainer left, bad data, ...); see <see cref="TrainingStatus.Error"/>.</summary>
    Failed = 6,
    Cancelled = 7,
}
