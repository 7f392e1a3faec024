using System.CommandLine;
using System.Globalization;
using Fcan.Client.Cli;
using Fcan.Client.Connection;
using Fcan.Grains.Contracts;
using Spectre.Console;

namespace Fcan.Client.Commands;

/// <summary>`fcan cluster status`: the silos, their devices, and what each is doing.</summary>
public static class ClusterCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var cluster = new Command("cluster", "The cluster this command talks to.");
        var status = new Command("status", "Silos, their devices, and what each is doing.");
        CommandAction.Bind(status, globals, async (ctx, ct) =>
        {
            await using var session = await ClusterConnector.OpenAsync(ctx, ct);
            var state = await session.Client.GetClusterStatusAsync(ct);
            ctx.Output.Result(state, console => console.Write(Table(state, ctx.Cluster)));
            return FcanCli.Success;
        });
        cluster.Subcommands.Add(status);
        return cluster;
    }

    private static Table Table(ClusterStatus state, ClusterAddress address)
    {
        var table = new Table { Caption = new TableTitle($"{address.Display}: {state.Silos.Count} silo(s), {state.ActiveJobs.Count} active job(s)") }
            .AddColumns("SILO", "STATUS", "DEVICE", "ACTIVITY", "JOB", "RENDERED", "FAILED", "IMAGES/H");
        foreach (var silo in state.Silos)
        {
            if (silo.Devices.Count == 0) table.AddRow(Markup.Escape(silo.Name), silo.Status, "-", "-", "-", "-", "-", "-");
            foreach (var device in silo.Devices)
                table.AddRow(Markup.Escape(silo.Name), silo.Status, device.Device, device.Activity.ToString().ToLowerInvariant(),
                    Markup.Escape(device.JobId ?? "-"), device.Rendered.ToString(), device.Failed.ToString(),
                    device.ImagesPerHour.ToString("0.#", CultureInfo.InvariantCulture));
        }
        return table;
    }
}
