using System.CommandLine;
using Fcan.Client.Commands;

namespace Fcan.Client;

/// <summary>The `fcan` command tree (../shared/spec/cli.md). Exit codes: 0 success, 1 failed operation, 2 bad usage.</summary>
public static class FcanCli
{
    public const int Success = 0;
    public const int Failed = 1;
    public const int BadUsage = 2;

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("fcan: converts synthetic datasets to look real with FCAN's appearance adaptation.");
        root.Subcommands.Add(RenderCommand.Create());
        root.Subcommands.Add(BenchAanCommand.Create());

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            Console.Error.WriteLine($"fcan: {parsed.Errors[0].Message}");
            return BadUsage;
        }
        return await parsed.InvokeAsync();
    }
}
