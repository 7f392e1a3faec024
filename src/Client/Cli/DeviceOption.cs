using System.CommandLine;
using Fcan.Engine.Runtime;

namespace Fcan.Client.Cli;

/// <summary>The `--device cpu|cuda[:i]` option of the commands that run torch in this process.</summary>
public static class DeviceOption
{
    public static Option<string> Create(string description) =>
        new("--device") { Description = description, DefaultValueFactory = _ => "cpu" };

    public static EngineDevice Read(CommandContext ctx, Option<string> option)
    {
        try
        {
            return EngineDevice.Parse(ctx.Value(option));
        }
        catch (FormatException e)
        {
            throw new UsageException($"--device: {e.Message}");
        }
    }
}
