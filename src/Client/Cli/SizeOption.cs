using System.CommandLine;
using Fcan.Grains.Contracts;

namespace Fcan.Client.Cli;

/// <summary>The `--size WxH` option shared by several commands.</summary>
public static class SizeOption
{
    public static Option<string?> Create(string description) => new("--size") { Description = description, HelpName = "WxH" };

    public static ImageSize? Read(CommandContext ctx, Option<string?> option)
    {
        var text = ctx.Value(option);
        if (text is null) return null;
        try
        {
            return ImageSize.Parse(text);
        }
        catch (FormatException e)
        {
            throw new UsageException($"--size: {e.Message}");
        }
    }
}
