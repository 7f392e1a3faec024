namespace Fcan.Engine.Ran.Distributed;

/// <summary>
/// One trainer's side of a ring all-reduce (sum) of its flat buffer, in place, one <see cref="RingStep"/> at a time:
/// <see cref="Send"/> the step's chunk to the next trainer, <see cref="Receive"/> the previous trainer's. After
/// <see cref="RingStep.Count"/> steps every trainer's buffer holds the same sum. With a lossy <see cref="WireFormat"/>,
/// the owner of each summed chunk keeps the value it sends (rounded like the wire), so all trainers end bit-identical.
/// </summary>
public sealed class RingAllReduce
{
    private readonly float[] buffer;
    private readonly int rank;
    private readonly int world;
    private readonly WireFormat wire;

    public RingAllReduce(float[] buffer, int rank, int world, WireFormat wire)
    {
        if (world < 1 || rank < 0 || rank >= world) throw new ArgumentException($"rank {rank} is outside a world of {world}");
        this.buffer = buffer;
        this.rank = rank;
        this.world = world;
        this.wire = wire;
    }

    public int Steps => RingStep.Count(world);

    /// <summary>Bytes this trainer has sent so far.</summary>
    public long BytesSent { get; private set; }

    /// <summary>The chunk to send to the next trainer at <paramref name="step"/>.</summary>
    public byte[] Send(int step)
    {
        var ring = RingStep.At(step, rank, world);
        var chunk = buffer.AsSpan(RingStep.ChunkRange(ring.Send, world, buffer.Length));
        var payload = WireCodec.Encode(chunk, wire);
        if (ring.Gathers && step == world - 1) WireCodec.Decode(payload, wire, chunk);
        BytesSent += payload.Length;
        return payload;
    }

    /// <summary>Takes the previous trainer's chunk of <paramref name="step"/>: added while reducing, copied while gathering.</summary>
    public void Receive(int step, byte[] payload)
    {
        var ring = RingStep.At(step, rank, world);
        var chunk = buffer.AsSpan(RingStep.ChunkRange(ring.Receive, world, buffer.Length));
        if (ring.Gathers)
        {
            WireCodec.Decode(payload, wire, chunk);
            return;
        }
        var incoming = new float[chunk.Length];
        WireCodec.Decode(payload, wire, incoming);
        for (var i = 0; i < chunk.Length; i++) chunk[i] += incoming[i];
    }

    /// <summary>Bytes one trainer sends for a buffer of <paramref name="values"/>: 2(N-1)/N of it, on the wire.</summary>
    public static long BytesPerTrainer(long values, int world, WireFormat wire) =>
        world <= 1 ? 0 : 2L * (world - 1) * values * WireCodec.BytesPerValue(wire) / world;
}
