namespace Fcan.Grains.Contracts;

/// <summary>What the job tells a trainer to do: train <paramref name="Spec"/> as rank <paramref name="Rank"/> of the
/// ring <paramref name="Trainers"/> (trainer grain keys in ring order), from the checkpoint of
/// <paramref name="FromStep"/> (0: from the seed), in generation <paramref name="Generation"/>.</summary>
[GenerateSerializer, Immutable, Alias("fcan.trainer-assignment")]
public sealed record TrainerAssignment(string JobId, TrainingSpec Spec, int Generation, int Rank, IReadOnlyList<string> Trainers, int FromStep)
{
    public int World => Trainers.Count;
}
