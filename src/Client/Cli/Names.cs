using System.Text.RegularExpressions;

namespace Fcan.Client.Cli;

/// <summary>Checks names that become grain keys and folder names (pools, schedules, jobs).</summary>
public static partial class Names
{
    public static string Require(string kind, string name)
    {
        if (!Valid().IsMatch(name))
            throw new UsageException($"{kind} name '{name}': use 1-64 letters, digits, '-', '_' or '.', starting with a letter or digit");
        return name;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex Valid();
}
