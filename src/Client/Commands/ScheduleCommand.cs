using System.CommandLine;
using Fcan.Client.Cli;
using Fcan.Client.Connection;
using Fcan.Client.Views;
using Spectre.Console;

namespace Fcan.Client.Commands;

/// <summary>`fcan schedule add|list|remove`: conversions that re-run every period as new jobs.</summary>
public static class ScheduleCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var schedule = new Command("schedule", "Scheduled dataset refreshes: a conversion that re-runs every period.");
        schedule.Subcommands.Add(Add(globals));
        schedule.Subcommands.Add(List(globals));
        schedule.Subcommands.Add(Remove(globals));
        return schedule;
    }

    private static Command Add(GlobalOptions globals)
    {
        var name = new Argument<string>("NAME") { Description = "The schedule's name" };
        var every = DurationOption.Create("--every", "Period between refreshes, such as 15m, 6h or 1d (at least 1 minute)");
        var options = new ConvertOptions();
        var command = new Command("add", "Creates or replaces a schedule; each refresh starts a conversion job against the pool's current version that renders only new or changed images.") { name, every };
        options.AddTo(command);
        CommandAction.Bind(command, globals, async (ctx, ct) =>
        {
            var scheduleName = Names.Require("schedule", ctx.Value(name));
            var period = DurationOption.Read(ctx, every);
            var request = await options.ReadAsync(ctx, ct);
            await using var session = await ClusterConnector.OpenAsync(ctx, ct);
            // Version 0 floats: each refresh renders against the pool's version at that time.
            var spec = request.ToSpec(await session.Client.GetPoolAsync(request.Pool, ct)) with { PoolVersion = 0 };
            var info = await session.Client.AddScheduleAsync(scheduleName, period, spec, ct);
            ctx.Output.Result(info, console => console.WriteLine($"schedule {info.Name}: every {info.Every}"));
            return FcanCli.Success;
        });
        return command;
    }

    private static Command List(GlobalOptions globals)
    {
        var command = new Command("list", "Every schedule with its period and latest refresh.");
        CommandAction.Bind(command, globals, async (ctx, ct) =>
        {
            await using var session = await ClusterConnector.OpenAsync(ctx, ct);
            var schedules = await session.Client.ListSchedulesAsync(ct);
            ctx.Output.Result(schedules, console =>
            {
                if (schedules.Count == 0) console.WriteLine("no schedules yet; add one with `fcan schedule add NAME --every 1d ...`");
                else console.Write(ScheduleViews.List(schedules));
            });
            return FcanCli.Success;
        });
        return command;
    }

    private static Command Remove(GlobalOptions globals)
    {
        var name = new Argument<string>("NAME") { Description = "The schedule's name" };
        var command = new Command("remove", "Stops a schedule's refreshes; jobs it started are kept.") { name };
        CommandAction.Bind(command, globals, async (ctx, ct) =>
        {
            var scheduleName = Names.Require("schedule", ctx.Value(name));
            await using var session = await ClusterConnector.OpenAsync(ctx, ct);
            var removed = await session.Client.RemoveScheduleAsync(scheduleName, ct);
            ctx.Output.Result(removed, console => console.WriteLine($"schedule {removed.Name} removed"));
            return FcanCli.Success;
        });
        return command;
    }
}
