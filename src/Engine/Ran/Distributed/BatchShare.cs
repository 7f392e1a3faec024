namespace Fcan.Engine.Ran.Distributed;

/// <summary>
/// A trainer's part of every step's batch: positions <paramref name="Start"/>..Start+Count-1 of a global batch of
/// <paramref name="Of"/> samples. The global batch stays the same whatever the number of trainers, so a run that loses
/// trainers keeps its data order and its arithmetic; only the split changes (re-sharding), and each trainer's
/// gradient counts with <see cref="Weight"/>, its fraction of the batch.
/// </summary>
public readonly record struct BatchShare(int Start, int Count, int Of)
{
    /// <summary>This share's fraction of the batch: the weight of its (batch-mean) gradient in the global mean.</summary>
    public double Weight => (double)Count / Of;

    /// <summary>The whole batch: one trainer alone.</summary>
    public static BatchShare Whole(int batch) => new(0, batch, batch);

    /// <summary>Trainer <paramref name="rank"/>'s contiguous share of a batch split as evenly as possible over
    /// <paramref name="world"/> trainers (sizes differ by at most one).</summary>
    public static BatchShare For(int rank, int world, int batch)
    {
        if (world < 1 || rank < 0 || rank >= world) throw new ArgumentException($"rank {rank} is outside a world of {world}");
        if (world > batch) throw new ArgumentException($"{world} trainers can't share a batch of {batch}: each needs at least one sample");
        var start = (int)((long)rank * batch / world);
        var end = (int)((long)(rank + 1) * batch / world);
        return new BatchShare(start, end - start, batch);
    }

    public override string ToString() => $"{Start}..{Start + Count - 1} of {Of}";
}
