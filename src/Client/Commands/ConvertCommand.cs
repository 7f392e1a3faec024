using System.CommandLine;
using Fcan.Client.Cli;
using Fcan.Client.Connection;
using Fcan.Client.Views;
using Fcan.Grains.Client;
using Fcan.Grains.Contracts;
using Spectre.Console;

namespace Fcan.Client.Commands;

/// <summary>`fcan convert`: starts a conversion job and prints its id; `--wait` follows it to the end.</summary>
public static class ConvertCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var options = new ConvertOptions();
        var dryRun = new Option<bool>("--dry-run") { Description = "Check everything and show the job that would start, start nothing" };
        var wait = new Option<bool>("--wait") { Description = "Show live progress (images/s, ETA, failures) until the job finishes" };
        var command = new Command("convert", "Converts a synthetic dataset so that it looks like the pool's images; into an output that already holds one, renders only new or changed images and writes the next manifest generation.") { dryRun, wait };
        options.AddTo(command);
        CommandAction.Bind(command, globals, async (ctx, ct) =>
        {
            var request = await options.ReadAsync(ctx, ct);
            await using var session = await ClusterConnector.OpenAsync(ctx, ct);
            var spec = request.ToSpec(await session.Client.GetPoolAsync(request.Pool, ct));
            if (ctx.Value(dryRun))
            {
                var plan = await ConvertPlan.ForAsync(spec, ct);
                ctx.Output.Result(plan, console =>
                {
                    console.Write(JobViews.Spec(spec));
                    console.WriteLine($"would convert {plan.Images} images into {plan.Shards} shards");
                });
                return FcanCli.Success;
            }

            var jobId = FcanClusterClient.NewJobId();
            var status = await session.Client.StartJobAsync(jobId, spec, ct);
            if (!ctx.Value(wait))
            {
                ctx.Output.Result(status, console => console.WriteLine(jobId));
                if (session.Embedded)
                    ctx.Output.Detail($"embedded cluster: the job advances while an fcan process hosts it; `fcan job resume {jobId}` runs it to the end");
                return FcanCli.Success;
            }
            ctx.Output.Note($"job {jobId} started");
            status = await JobFollower.FollowAsync(ctx, session, status, ct);
            ctx.Output.Result(status, console => console.Write(JobViews.Detail(status)));
            return status.State == JobState.Completed ? FcanCli.Success : FcanCli.Failed;
        });
        return command;
    }
}
