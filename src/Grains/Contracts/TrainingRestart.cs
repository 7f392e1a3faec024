namespace Fcan.Grains.Contracts;

/// <summary>One restart of a training job after it lost trainers.</summary>
/// <param name="Generation">The generation the survivors started (the first run is generation 1).</param>
/// <param name="AtStep">Steps done when the loss was noticed.</param>
/// <param name="FromStep">The checkpoint's step the survivors continued from.</param>
/// <param name="Lost">The trainers that were dropped.</param>
/// <param name="Trainers">How many trainers continued.</param>
/// <param name="Reason">What was noticed, one line.</param>
/// <param name="At">When.</param>
[GenerateSerializer, Immutable, Alias("fcan.training-restart")]
public sealed record TrainingRestart(int Generation, int AtStep, int FromStep, IReadOnlyList<string> Lost, int Trainers,
    string Reason, DateTimeOffset At);
