namespace Fcan.Grains.Jobs;

/// <summary>Recent completion rate, from samples of a growing finished-item count over a sliding window.</summary>
public sealed class ThroughputMeter(TimeSpan window)
{
    private readonly Queue<(DateTimeOffset At, long Finished)> samples = new();

    public void Record(DateTimeOffset at, long finished)
    {
        samples.Enqueue((at, finished));
        while (samples.Count > 2 && at - samples.Peek().At > window) samples.Dequeue();
    }

    /// <summary>Items per second over the window; 0 until two samples a moment apart exist.</summary>
    public double PerSecond
    {
        get
        {
            if (samples.Count < 2) return 0;
            var first = samples.Peek();
            var last = samples.Last();
            var seconds = (last.At - first.At).TotalSeconds;
            return seconds < 0.5 ? 0 : (last.Finished - first.Finished) / seconds;
        }
    }
}
