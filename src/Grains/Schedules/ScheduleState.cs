using Fcan.Grains.Contracts;

namespace Fcan.Grains.Schedules;

[GenerateSerializer, Alias("fcan.schedule-state")]
public sealed class ScheduleState
{
    /// <summary>Null when no schedule has this grain's name.</summary>
    [Id(0)] public ScheduleInfo? Schedule { get; set; }
}
