namespace Fcan.Engine.Ran;

/// <summary>Reported after every training step: the step just done (1-based), the total, its stage, losses and
/// learning rate, and the run's speed so far.</summary>
public sealed record RanProgress(int Step, int TotalSteps, RanStage Stage, RanLosses Losses, double LearningRate, double StepsPerSecond);
