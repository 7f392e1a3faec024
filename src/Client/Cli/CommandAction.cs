using System.CommandLine;
using Fcan.Client.Output;

namespace Fcan.Client.Cli;

/// <summary>
/// Runs a command body and turns its outcome into the exit-code contract: 0 success, 2 bad usage, 1 anything that
/// failed. Failures print one line naming the item and the reason; `--verbose` adds the causes, never by default.
/// </summary>
public static class CommandAction
{
    public static void Bind(Command command, GlobalOptions globals, Func<CommandContext, CancellationToken, Task<int>> body) =>
        command.SetAction((parse, cancellation) => RunAsync(parse, globals, body, cancellation));

    private static async Task<int> RunAsync(
        ParseResult parse, GlobalOptions globals, Func<CommandContext, CancellationToken, Task<int>> body, CancellationToken cancellation)
    {
        var verbose = parse.GetValue(globals.Verbose);
        try
        {
            return await body(CommandContext.From(parse, globals), cancellation);
        }
        catch (UsageException e)
        {
            CliOutput.Error(e.Message);
            return FcanCli.BadUsage;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            CliOutput.Error("interrupted");
            return FcanCli.Failed;
        }
        catch (Exception e)
        {
            CliOutput.Error(e.Message);
            if (verbose) Console.Error.WriteLine(e.ToString());
            return FcanCli.Failed;
        }
    }
}
