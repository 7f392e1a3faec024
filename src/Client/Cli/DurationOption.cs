using System.CommandLine;
using System.Globalization;

namespace Fcan.Client.Cli;

/// <summary>A duration option such as `--every 90s`, `15m`, `6h` or `1d`.</summary>
public static class DurationOption
{
    private static readonly Dictionary<char, TimeSpan> Units = new()
    {
        ['s'] = TimeSpan.FromSeconds(1),
        ['m'] = TimeSpan.FromMinutes(1),
        ['h'] = TimeSpan.FromHours(1),
        ['d'] = TimeSpan.FromDays(1),
    };

    public static Option<string> Create(string name, string description) =>
        new(name) { Description = description, HelpName = "DURATION", Required = true };

    public static TimeSpan Read(CommandContext ctx, Option<string> option)
    {
        var text = ctx.Value(option).Trim();
        if (text.Length >= 2 && Units.TryGetValue(char.ToLowerInvariant(text[^1]), out var unit)
            && int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0)
            return unit * count;
        throw new UsageException($"{option.Name}: '{text}' is not a duration; expected a positive number and a unit, such as 90s, 15m, 6h or 1d");
    }
}
