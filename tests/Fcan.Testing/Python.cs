using System.Diagnostics;

namespace Fcan.Testing;

/// <summary>Runs Debian's python3 (with python3-torch), the way a user's training script reads Fcan's output.</summary>
public static class Python
{
    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>Runs <c>python3 -c SCRIPT ARGS</c> (or a script file), with the repository's python/ folder on the
    /// module path, so tests import the reader package a user would.</summary>
    public static async Task<Result> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["PYTHONPATH"] = Path.Combine(RepositoryPaths.Root, "python"), ["PYTHONDONTWRITEBYTECODE"] = "1" },
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return new Result(process.ExitCode, await output, await error);
    }
}
