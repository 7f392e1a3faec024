using System.Diagnostics;

namespace Fcan.Cli.Tests.Support;

/// <summary>
/// Runs the real `fcan` executable (`dotnet fcan.dll`, copied next to the tests by the project reference) in a
/// temporary `--home`, with FCAN_* variables cleared so the machine's settings cannot leak into a test.
/// </summary>
public sealed class FcanProcess : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);

    public FcanProcess() => Directory.CreateDirectory(Home);

    /// <summary>The state folder every run of this instance uses.</summary>
    public string Home { get; } = Path.Combine(Path.GetTempPath(), "fcan-cli-tests", Guid.NewGuid().ToString("N"));

    public Task<CliResult> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    /// <summary>Runs `fcan` to its end with extra environment variables.</summary>
    public async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var process = Start(environment, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"fcan {string.Join(' ', args)} ran past {Limit}");
        }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts `fcan` with redirected output; the caller owns (and may kill) the process.</summary>
    public Process Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    private Process Start(IReadOnlyDictionary<string, string> environment, string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Home,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "fcan.dll"));
        info.ArgumentList.Add("--home");
        info.ArgumentList.Add(Home);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment.Remove("FCAN_HOME");
        info.Environment.Remove("FCAN_CLUSTER");
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment) info.Environment[name] = value;
        return Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
            // A killed process may still hold a file for a moment; the temp folder is cleaned by the OS eventually.
        }
    }
}
