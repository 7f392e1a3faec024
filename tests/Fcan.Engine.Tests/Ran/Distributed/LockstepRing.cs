using Fcan.Engine.Ran.Distributed;

namespace Fcan.Engine.Tests.Ran.Distributed;

/// <summary>N trainers' ring all-reduce run in one thread, step by step, each chunk handed to the next rank as the
/// trainer grains hand it over the network.</summary>
public static class LockstepRing
{
    /// <summary>Sums the buffers in place; returns the bytes each rank sent.</summary>
    public static long[] AllReduce(IReadOnlyList<float[]> buffers, WireFormat wire)
    {
        var world = buffers.Count;
        var rings = buffers.Select((buffer, rank) => new RingAllReduce(buffer, rank, world, wire)).ToList();
        for (var step = 0; step < RingStep.Count(world); step++)
        {
            var sent = rings.Select(ring => ring.Send(step)).ToList();
            for (var rank = 0; rank < world; rank++) rings[rank].Receive(step, sent[(rank + world - 1) % world]);
        }
        return rings.Select(ring => ring.BytesSent).ToArray();
    }
}
