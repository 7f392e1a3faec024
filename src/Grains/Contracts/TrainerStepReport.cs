namespace Fcan.Grains.Contracts;

/// <summary>A trainer finished step <paramref name="Step"/> (0-based) of <paramref name="Generation"/>: its losses
/// on its share, the share's weight in the batch, and the bytes it sent for the step's exchange.</summary>
[GenerateSerializer, Immutable, Alias("fcan.trainer-step-report")]
public sealed record TrainerStepReport(int Generation, int Rank, int Step, TrainingLosses Losses, double Weight, long BytesSent);
