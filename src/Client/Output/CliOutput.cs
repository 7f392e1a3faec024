using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace Fcan.Client.Output;

/// <summary>
/// Where a command's results go: Spectre tables and progress for people, one JSON document on stdout with `--json`
/// for scripts (notes then go to stderr so stdout stays parseable), details on stderr with `--verbose`.
/// </summary>
public sealed class CliOutput(bool json, bool verbose)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public bool Json { get; } = json;

    public bool Verbose { get; } = verbose;

    /// <summary>Stdout for rich rendering (tables, progress bars).</summary>
    public IAnsiConsole Console { get; } = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Out) });

    /// <summary>Writes <paramref name="model"/> as JSON with `--json`, otherwise calls <paramref name="render"/>.</summary>
    public void Result<T>(T model, Action<IAnsiConsole> render)
    {
        if (Json) System.Console.Out.WriteLine(JsonSerializer.Serialize(model, JsonOptions));
        else render(Console);
    }

    /// <summary>A plain line for people; on stderr under `--json`.</summary>
    public void Note(string text)
    {
        if (Json) System.Console.Error.WriteLine(text);
        else System.Console.Out.WriteLine(text);
    }

    /// <summary>A detail shown only with `--verbose`, always on stderr.</summary>
    public void Detail(string text)
    {
        if (Verbose) System.Console.Error.WriteLine(text);
    }

    /// <summary>The one error line: `fcan: ` and the message cut to its first line and first clause.</summary>
    public static void Error(string text) => System.Console.Error.WriteLine($"fcan: {OneLine(text)}");

    /// <summary>Libraries write essays (Redis: a dump of its connection state); people need the first clause.</summary>
    public static string OneLine(string text)
    {
        const int MaxLength = 240;
        var line = text.Split('\n', 2)[0].TrimEnd();
        var clause = line.IndexOf(" - ", StringComparison.Ordinal);
        if (clause > 0) line = line[..clause];
        return line.Length <= MaxLength ? line : line[..(MaxLength - 3)] + "...";
    }
}
