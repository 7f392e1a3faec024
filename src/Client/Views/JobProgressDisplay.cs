using Fcan.Client.Output;
using Fcan.Grains.Client;
using Fcan.Grains.Contracts;
using Spectre.Console;

namespace Fcan.Client.Views;

/// <summary>
/// Follows a job until it is final: a live Spectre bar (images/s, ETA, failures) in a terminal, one line per change
/// when output is redirected, nothing but the final JSON with `--json`.
/// </summary>
public sealed class JobProgressDisplay(CliOutput output)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public async Task<JobStatus> FollowAsync(FcanClusterClient client, JobStatus start, CancellationToken cancellation)
    {
        if (start.IsFinal) return start;
        if (!output.Json && output.Console.Profile.Capabilities.Interactive)
            return await LiveAsync(client, start, cancellation);
        var last = start;
        await foreach (var status in client.WatchJobAsync(start.JobId, Interval, cancellation))
        {
            if (!output.Json && Counts(status) != Counts(last)) Console.Error.WriteLine(Line(status));
            last = status;
        }
        return last;
    }

    private async Task<JobStatus> LiveAsync(FcanClusterClient client, JobStatus start, CancellationToken cancellation)
    {
        var last = start;
        await output.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Description(start), maxValue: Math.Max(1, start.Progress.Total));
                await foreach (var status in client.WatchJobAsync(start.JobId, Interval, cancellation))
                {
                    task.MaxValue = Math.Max(1, status.Progress.Total);
                    task.Value = status.Progress.Finished;
                    task.Description = Description(status);
                    last = status;
                }
                task.StopTask();
            });
        return last;
    }

    private static string Description(JobStatus status)
    {
        var p = status.Progress;
        var failed = p.Failed > 0 ? $" [red]{p.Failed} failed[/]" : "";
        return $"{Markup.Escape(status.JobId)} {p.Finished}/{p.Total} {p.ImagesPerSecond:0.00} img/s ETA {JobViews.Eta(p.Eta)}{failed}";
    }

    private static (JobState, long, long, long) Counts(JobStatus s) => (s.State, s.Progress.Done, s.Progress.Failed, s.Progress.Total);

    private static string Line(JobStatus status)
    {
        var p = status.Progress;
        return $"{status.JobId}: {status.State.ToString().ToLowerInvariant()}, {p.Done}/{p.Total} done ({p.Reused} reused), {p.Failed} failed, "
            + $"{p.ImagesPerSecond:0.00} images/s, ETA {JobViews.Eta(p.Eta)}";
    }
}
