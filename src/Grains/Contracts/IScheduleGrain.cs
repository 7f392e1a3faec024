namespace Fcan.Grains.Contracts;

/// <summary>A scheduled dataset refresh (key: schedule name): a durable reminder starts a conversion job every period.</summary>
public interface IScheduleGrain : IGrainWithStringKey
{
    /// <summary>Creates or replaces the schedule; the first refresh runs one period from now.</summary>
    Task<ScheduleInfo> Set(TimeSpan every, JobSpec spec, CancellationToken cancellationToken = default);

    /// <summary>The schedule, or null when none has this name.</summary>
    Task<ScheduleInfo?> Get(CancellationToken cancellationToken = default);

    /// <summary>Stops the refreshes and forgets the schedule; false when none had this name.</summary>
    Task<bool> Remove(CancellationToken cancellationToken = default);
}
