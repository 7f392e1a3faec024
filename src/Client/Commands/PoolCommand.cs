using System.CommandLine;
using Fcan.Client.Cli;
using Fcan.Client.Connection;
using Fcan.Client.Views;
using Fcan.Grains.Contracts;
using Spectre.Console;

namespace Fcan.Client.Commands;

/// <summary>`fcan pool create|show|list`: target-style pools (images and their mean Gram statistics, versioned).</summary>
public static class PoolCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var pool = new Command("pool", "Target-style pools: real images whose mean Gram statistics conversions aim at.");
        pool.Subcommands.Add(CreatePool(globals));
        pool.Subcommands.Add(Show(globals));
        pool.Subcommands.Add(List(globals));
        return pool;
    }

    private static Command CreatePool(GlobalOptions globals)
    {
        var name = new Argument<string>("NAME") { Description = "The pool's name" };
        var images = new Option<string[]>("--images")
        {
            Description = "Images or folders of images: local paths or az://container/prefix URIs",
            HelpName = "URI",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var size = SizeOption.Create("Resize every pool image to this size before taking statistics");
        var command = new Command("create", "Creates a pool, or a new version of it when its images or size changed.") { name, images, size };
        CommandAction.Bind(command, globals, async (ctx, ct) =>
        {
            var poolName = Names.Require("pool", ctx.Value(name));
            var definition = new PoolDefinition(ctx.Value(images).SelectMany(StorageLocation.ExpandImages).ToList(), SizeOption.Read(ctx, size));
            await using var session = await ClusterConnector.OpenAsync(ctx, ct);
            var info = await session.Client.DefinePoolAsync(poolName, definition, ct);
            ctx.Output.Result(info, console => console.Write(PoolViews.Detail(info)));
            return FcanCli.Success;
        });
        return command;
    }

    private static Command Show(GlobalOptions globals)
    {
        var name = new Argument<string>("NAME") { Description = "The pool's name" };
        var command = new Command("show", "A pool's current version, images and statistics.") { name };
        CommandAction.Bind(command, globals, async (ctx, ct) =>
        {
            await using var session = await ClusterConnector.OpenAsync(ctx, ct);
            var info = await session.Client.GetPoolAsync(Names.Require("pool", ctx.Value(name)), ct);
            ctx.Output.Result(info, console => console.Write(PoolViews.Detail(info)));
            return FcanCli.Success;
        });
        return command;
    }

    private static Command List(GlobalOptions globals)
    {
        var command = new Command("list", "Every pool with its version and image count.");
        CommandAction.Bind(command, globals, async (ctx, ct) =>
        {
            await using var session = await ClusterConnector.OpenAsync(ctx, ct);
            var pools = await session.Client.ListPoolsAsync(ct);
            ctx.Output.Result(pools, console =>
            {
                if (pools.Count == 0) console.WriteLine("no pools yet; create one with `fcan pool create NAME --images DIR`");
                else console.Write(PoolViews.List(pools));
            });
            return FcanCli.Success;
        });
        return command;
    }
}
