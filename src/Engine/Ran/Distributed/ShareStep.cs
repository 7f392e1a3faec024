namespace Fcan.Engine.Ran.Distributed;

/// <summary>A trainer's part of one step: the losses on its share, and the flat buffer the trainers must sum
/// (already weighted by the share) before <see cref="DataParallelTrainer.Complete"/>; null when this step exchanges
/// nothing (local SGD between averagings, the step already applied).</summary>
public sealed record ShareStep(int Step, RanLosses Losses, float[]? Exchange);
