using System.Diagnostics;

namespace Fcan.Engine.Tests.Support;

/// <summary>Runs the real `fcan` executable and the Python oracles as child processes.</summary>
public static class ProcessRunner
{
    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>`dotnet fcan.dll ARGS` from the test's output folder, where the Client reference puts it.</summary>
    public static Result Fcan(IEnumerable<string> arguments, IDictionary<string, string>? environment = null) =>
        Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "fcan.dll"), .. arguments], environment);

    /// <summary>The AAN PyTorch oracle with Debian's python3-torch.</summary>
    public static Result Oracle(IEnumerable<string> arguments) => Oracle("aan_oracle.py", arguments);

    /// <summary>A PyTorch oracle script of the Oracle folder with Debian's python3-torch.</summary>
    public static Result Oracle(string script, IEnumerable<string> arguments) =>
        Run("/usr/bin/python3", [Path.Combine(AppContext.BaseDirectory, "Oracle", script), .. arguments], null);

    private static Result Run(string program, IEnumerable<string> arguments, IDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new Result(process.ExitCode, output.Result, error.Result);
    }
}
