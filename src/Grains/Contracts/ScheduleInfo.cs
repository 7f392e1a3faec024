namespace Fcan.Grains.Contracts;

/// <summary>A scheduled refresh: the conversion it re-runs, how often, and its latest run.</summary>
/// <param name="Name">The schedule's name (its grain key).</param>
/// <param name="Every">Period between refreshes.</param>
/// <param name="Spec">The conversion; a <see cref="JobSpec.PoolVersion"/> of 0 renders against the pool's version at each run.</param>
/// <param name="LastJobId">The job the latest refresh started; null before the first.</param>
/// <param name="LastRun">When the latest refresh started; null before the first.</param>
[GenerateSerializer, Immutable, Alias("fcan.schedule-info")]
public sealed record ScheduleInfo(string Name, TimeSpan Every, JobSpec Spec, string? LastJobId, DateTimeOffset? LastRun);
