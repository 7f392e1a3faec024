using System.CommandLine;
using Fcan.Client.Cli;
using Fcan.Client.Connection;
using Fcan.Client.Views;
using Fcan.Grains.Client;
using Fcan.Grains.Contracts;
using Spectre.Console;

namespace Fcan.Client.Commands;

/// <summary>`fcan job list|status|cancel|pause|resume|failures`: inspect and steer conversion jobs.</summary>
public static class JobCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var job = new Command("job", "Inspect and steer conversion jobs.");

        var list = new Command("list", "Every job with its state and progress.");
        CommandAction.Bind(list, globals, ListAsync);
        job.Subcommands.Add(list);

        job.Subcommands.Add(Steer("status", "A job's state, progress, speed and output.", globals, (c, id, ct) => c.GetJobAsync(id, ct)));
        job.Subcommands.Add(Steer("cancel", "Stops a job for good (no manifest is written).", globals, (c, id, ct) => c.CancelJobAsync(id, ct)));
        job.Subcommands.Add(Steer("pause", "Stops handing out new work; items being rendered still finish.", globals, (c, id, ct) => c.PauseJobAsync(id, ct)));
        job.Subcommands.Add(Resume(globals));
        job.Subcommands.Add(Failures(globals));
        return job;
    }

    private static Argument<string> JobId() => new("ID") { Description = "The job's id (from `fcan convert` or `fcan job list`)" };

    private static Command Steer(string name, string description, GlobalOptions globals,
        Func<FcanClusterClient, string, CancellationToken, Task<JobStatus>> action)
    {
        var id = JobId();
        var command = new Command(name, description) { id };
        CommandAction.Bind(command, globals, async (ctx, ct) =>
        {
            await using var session = await ClusterConnector.OpenAsync(ctx, ct);
            var status = await action(session.Client, ctx.Value(id), ct);
            ctx.Output.Result(status, console => console.Write(JobViews.Detail(status)));
            return FcanCli.Success;
        });
        return command;
    }

    private static Command Resume(GlobalOptions globals)
    {
        var id = JobId();
        var wait = new Option<bool>("--wait") { Description = "Follow progress until the job finishes (always so on an embedded cluster)" };
        var command = new Command("resume", "Continues a paused or interrupted job; on an embedded cluster, runs it to the end.") { id, wait };
        CommandAction.Bind(command, globals, async (ctx, ct) =>
        {
            await using var session = await ClusterConnector.OpenAsync(ctx, ct);
            JobStatus status;
            try
            {
                status = await session.Client.ResumeJobAsync(ctx.Value(id), ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw JobFollower.Interrupted(session, ctx.Value(id));
            }
            // An embedded silo only works while this process lives, so resuming there means staying until done.
            if (ctx.Value(wait) || session.Embedded)
                status = await JobFollower.FollowAsync(ctx, session, status, ct);
            ctx.Output.Result(status, console => console.Write(JobViews.Detail(status)));
            return status.State == JobState.Failed ? FcanCli.Failed : FcanCli.Success;
        });
        return command;
    }

    private static Command Failures(GlobalOptions globals)
    {
        var id = JobId();
        var command = new Command("failures", "Items that failed, with the reason of their last attempt.") { id };
        CommandAction.Bind(command, globals, async (ctx, ct) =>
        {
            await using var session = await ClusterConnector.OpenAsync(ctx, ct);
            var failures = await session.Client.GetFailuresAsync(ctx.Value(id), ct);
            ctx.Output.Result(failures, console =>
            {
                if (failures.Count == 0) console.WriteLine("no failed items");
                else console.Write(JobViews.Failures(failures));
            });
            return FcanCli.Success;
        });
        return command;
    }

    private static async Task<int> ListAsync(CommandContext ctx, CancellationToken ct)
    {
        await using var session = await ClusterConnector.OpenAsync(ctx, ct);
        var jobs = await session.Client.ListJobsAsync(ct);
        ctx.Output.Result(jobs, console =>
        {
            if (jobs.Count == 0) console.WriteLine("no jobs yet; start one with `fcan convert`");
            else console.Write(JobViews.List(jobs));
        });
        return FcanCli.Success;
    }
}
