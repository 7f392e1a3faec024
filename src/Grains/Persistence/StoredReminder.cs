namespace Fcan.Grains.Persistence;

/// <summary>One reminder as <see cref="FileReminderTable"/> keeps it on disk.</summary>
[GenerateSerializer, Alias("fcan.stored-reminder")]
public sealed record StoredReminder(GrainId GrainId, string Name, DateTime StartAt, TimeSpan Period, long Version)
{
    public ReminderEntry ToEntry() => new()
    {
        GrainId = GrainId,
        ReminderName = Name,
        StartAt = StartAt,
        Period = Period,
        ETag = Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
