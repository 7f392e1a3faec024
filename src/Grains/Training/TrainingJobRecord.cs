using Fcan.Grains.Contracts;

namespace Fcan.Grains.Training;

/// <summary>The persisted state of a training job: what it trains, who trains it, how far the checkpoints got and
/// every restart. The last step's losses and speed live in memory (they come back with the next step).</summary>
[GenerateSerializer, Alias("fcan.training-job-record")]
public sealed class TrainingJobRecord
{
    [Id(0)] public TrainingSpec? Spec { get; set; }
    [Id(1)] public TrainingState State { get; set; }
    /// <summary>Trainer grain keys in ring order (rank = position).</summary>
    [Id(2)] public List<string> Trainers { get; set; } = [];
    [Id(3)] public int Generation { get; set; }
    [Id(4)] public int CheckpointStep { get; set; }
    [Id(5)] public List<TrainingRestart> Restarts { get; set; } = [];
    [Id(6)] public string? Error { get; set; }
    [Id(7)] public DateTimeOffset? CreatedAt { get; set; }
    [Id(8)] public DateTimeOffset? FinishedAt { get; set; }
    /// <summary>Steps every trainer finished, as of the last save (at least <see cref="CheckpointStep"/>).</summary>
    [Id(9)] public int Step { get; set; }
}
