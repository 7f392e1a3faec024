namespace Fcan.Engine.Ran.Distributed;

/// <summary>
/// What one trainer does at one step of a ring all-reduce over N trainers and N chunks: it sends chunk
/// <paramref name="Send"/> to the next trainer (rank + 1) and receives chunk <paramref name="Receive"/> from the
/// previous one. Steps 0..N-2 reduce-scatter (the received chunk is added: after them trainer r holds the full sum of
/// chunk r + 1); steps N-1..2N-3 all-gather (the received chunk, already summed, replaces the local one). Each trainer
/// so sends 2(N-1) chunks of 1/N of the buffer, and every link carries the same load: no trainer funnels every byte.
/// </summary>
public readonly record struct RingStep(bool Gathers, int Send, int Receive)
{
    /// <summary>Steps in a ring of <paramref name="world"/> trainers (none for one trainer).</summary>
    public static int Count(int world) => 2 * (world - 1);

    public static RingStep At(int step, int rank, int world)
    {
        if (step < 0 || step >= Count(world)) throw new ArgumentOutOfRangeException(nameof(step), $"step {step} of a ring of {world}");
        if (step < world - 1) return new RingStep(false, Chunk(rank - step, world), Chunk(rank - step - 1, world));
        var gather = step - (world - 1);
        return new RingStep(true, Chunk(rank + 1 - gather, world), Chunk(rank - gather, world));
    }

    /// <summary>The elements of chunk <paramref name="chunk"/> of a buffer of <paramref name="length"/> split in
    /// <paramref name="world"/> nearly equal parts.</summary>
    public static Range ChunkRange(int chunk, int world, int length) =>
        new((int)((long)chunk * length / world), (int)((long)(chunk + 1) * length / world));

    private static int Chunk(int index, int world) => ((index % world) + world) % world;
}
