namespace Fcan.Grains.Jobs;

/// <summary>How often a job asks its shards and how long it waits before retrying what failed for reasons outside
/// the data (storage or state store unreachable). Defaults fit production; the test clusters shorten them.</summary>
public sealed class JobTimingOptions
{
    /// <summary>How often a job pulls the counts of its unwritten shards (its progress and where workers are sent).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a job asks its unwritten shards to re-read their state from storage, which retires a stale
    /// activation left behind by a silo that died.</summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first wait after an infrastructure failure; each further failure in a row doubles it.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between retries.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The wait before retry number <paramref name="failures"/> (1 for the first failure).</summary>
    public TimeSpan RetryDelayAfter(int failures) =>
        TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, RetryDelay.Ticks * (1L << Math.Clamp(failures - 1, 0, 20))));
}
