using Fcan.Grains.Contracts;

namespace Fcan.Grains.Training;

/// <summary>Chunks delivered to a trainer before or while its exchange waits for them, by (generation, step, ring
/// step). A chunk of a newer generation may arrive before the job's restart order does, so it is kept too; older
/// generations' chunks are dropped.</summary>
public sealed class TrainerMailbox
{
    private readonly Dictionary<(int Generation, int Step, int RingStep), TaskCompletionSource<byte[]>> slots = [];
    private int generation;

    /// <summary>Starts <paramref name="next"/>: forgets every older chunk.</summary>
    public void Begin(int next)
    {
        generation = next;
        foreach (var key in slots.Keys.Where(k => k.Generation < next).ToList()) slots.Remove(key);
    }

    public void Deliver(RingChunk chunk)
    {
        if (chunk.Generation < generation) return;
        Slot(chunk.Generation, chunk.Step, chunk.RingStep).TrySetResult(chunk.Payload);
    }

    public async Task<byte[]> TakeAsync(int step, int ringStep, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var key = (generation, step, ringStep);
        try
        {
            return await Slot(key.generation, step, ringStep).Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no chunk from the previous trainer for step {step} (ring step {ringStep}) within {timeout.TotalSeconds:0} s");
        }
        finally
        {
            slots.Remove(key);
        }
    }

    private TaskCompletionSource<byte[]> Slot(int chunkGeneration, int step, int ringStep)
    {
        var key = (chunkGeneration, step, ringStep);
        if (!slots.TryGetValue(key, out var slot))
            slots[key] = slot = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        return slot;
    }
}
