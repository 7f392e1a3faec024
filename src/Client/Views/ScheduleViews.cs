using Fcan.Grains.Contracts;
using Spectre.Console;

namespace Fcan.Client.Views;

/// <summary>How schedules look in a terminal.</summary>
public static class ScheduleViews
{
    public static Table List(IEnumerable<ScheduleInfo> schedules)
    {
        var table = new Table().AddColumns("SCHEDULE", "EVERY", "POOL", "SOURCE", "OUT", "LAST RUN", "LAST JOB");
        foreach (var schedule in schedules)
            table.AddRow(
                Markup.Escape(schedule.Name),
                schedule.Every.ToString(),
                Markup.Escape(schedule.Spec.Pool),
                Markup.Escape(schedule.Spec.Source),
                Markup.Escape(schedule.Spec.Output),
                schedule.LastRun?.ToString("u") ?? "not yet",
                Markup.Escape(schedule.LastJobId ?? "-"));
        return table;
    }
}
