namespace Fcan.Grains.Contracts;

/// <summary>One chunk of a ring all-reduce, from a trainer to the next one: step <paramref name="Step"/>'s ring step
/// <paramref name="RingStep"/> in <paramref name="Generation"/>, encoded in the job's wire format.</summary>
[GenerateSerializer, Immutable, Alias("fcan.ring-chunk")]
public sealed record RingChunk(int Generation, int Step, int RingStep, byte[] Payload);
