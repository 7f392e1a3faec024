using System.CommandLine;
using Fcan.Client.Cli;
using Fcan.Client.Commands;
using Fcan.Client.Output;

namespace Fcan.Client;

/// <summary>The `fcan` command tree (../shared/spec/cli.md). Exit codes: 0 success, 1 failed operation, 2 bad usage.</summary>
public static class FcanCli
{
    public const int Success = 0;
    public const int Failed = 1;
    public const int BadUsage = 2;

    public static async Task<int> RunAsync(string[] args)
    {
        var globals = new GlobalOptions();
        var root = new RootCommand("fcan: converts synthetic datasets to look real with FCAN's appearance adaptation.");
        globals.AddTo(root);
        root.Subcommands.Add(DemoCommand.Create(globals));
        root.Subcommands.Add(RenderCommand.Create(globals));
        root.Subcommands.Add(PoolCommand.Create(globals));
        root.Subcommands.Add(ConvertCommand.Create(globals));
        root.Subcommands.Add(AssessCommand.Create(globals));
        root.Subcommands.Add(JobCommand.Create(globals));
        root.Subcommands.Add(ScheduleCommand.Create(globals));
        root.Subcommands.Add(ClusterCommand.Create(globals));
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(TrainCommand.Create(globals));
        root.Subcommands.Add(EvalCommand.Create(globals));
        root.Subcommands.Add(PredictCommand.Create(globals));
        root.Subcommands.Add(AdapterCommand.Create(globals));

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // An unknown word explains the other errors it causes (such as a missing subcommand), so it goes first.
            CliOutput.Error(parsed.UnmatchedTokens.Count > 0
                ? $"unknown command or option '{parsed.UnmatchedTokens[0]}'"
                : parsed.Errors[0].Message);
            Console.Error.WriteLine($"Run '{CommandPath(parsed)} --help' for usage.");
            return BadUsage;
        }
        // The first Ctrl+C or SIGTERM cancels the command; it then has this long to say so and stop its host
        // gracefully (an embedded silo hands its leases back) before the process ends anyway.
        return await parsed.InvokeAsync(new InvocationConfiguration
        {
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = TimeSpan.FromSeconds(20),
        });
    }

    private static string CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (var result = parsed.CommandResult; result != null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
            names.Insert(0, result.Command is RootCommand ? "fcan" : result.Command.Name);
        return string.Join(' ', names);
    }
}
