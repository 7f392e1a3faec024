using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Fcan.Testing.Cluster;

namespace Fcan.Cluster.Tests.Support;

/// <summary>A running <c>fcan convert --wait</c> client: its job id, read from the progress it prints on stderr
/// once a given number of images is done, so a fault can be injected mid-job.</summary>
public sealed partial class FollowedConversion : IAsyncDisposable
{
    private readonly LocalCluster cluster;
    private readonly Process process;
    private readonly StringBuilder stderr = new();
    private readonly Task<string> stdout;

    private FollowedConversion(LocalCluster cluster, Process process, string jobId)
    {
        this.cluster = cluster;
        this.process = process;
        JobId = jobId;
        stdout = process.StandardOutput.ReadToEndAsync();
    }

    public string JobId { get; }

    /// <summary>The most images its progress lines have shown done so far.</summary>
    public int Done { get; private set; }

    public bool HasExited => process.HasExited;

    /// <summary>Starts the client and returns once its progress shows at least <paramref name="done"/> images done.</summary>
    public static async Task<FollowedConversion> StartAsync(LocalCluster cluster, string[] arguments, int done,
        CancellationToken cancellationToken)
    {
        var process = cluster.StartFcan([.. arguments, "--wait"]);
        var seen = new StringBuilder();
        while (await process.StandardError.ReadLineAsync(cancellationToken) is { } line)
        {
            seen.AppendLine(line);
            if (ProgressLine().Match(line) is { Success: true } progress && int.Parse(progress.Groups["done"].Value) >= done)
            {
                var conversion = new FollowedConversion(cluster, process, progress.Groups["id"].Value)
                {
                    Done = int.Parse(progress.Groups["done"].Value),
                };
                conversion.stderr.Append(seen);
                conversion.DrainStderr();
                return conversion;
            }
        }
        await process.WaitForExitAsync(cancellationToken);
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        var exitCode = process.ExitCode;
        process.Dispose();
        throw new InvalidOperationException(
            $"fcan convert ended (exit {exitCode}) before its progress showed {done} images done while running:\n{output}\n{seen}");
    }

    /// <summary>SIGKILL the client, as a user closing the terminal or a crashed CI runner would.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        await stdout;
        await RecordAsync("killed");
    }

    /// <summary>Waits for the client to end by itself; its exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await process.WaitForExitAsync(cancellationToken);
        await stdout.WaitAsync(cancellationToken);
        await RecordAsync($"exit {process.ExitCode}");
        return process.ExitCode;
    }

    public string Output => $"--- stdout\n{(stdout.IsCompleted ? stdout.Result : "")}\n--- stderr\n{stderr}";

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
    }

    private void DrainStderr() => _ = Task.Run(async () =>
    {
        while (await process.StandardError.ReadLineAsync() is { } line)
        {
            lock (stderr) stderr.AppendLine(line);
            if (ProgressLine().Match(line) is { Success: true } progress)
                Done = Math.Max(Done, int.Parse(progress.Groups["done"].Value));
        }
    });

    private async Task RecordAsync(string end)
    {
        string text;
        lock (stderr) text = $"fcan convert --wait ({JobId}): {end}\n{Output}";
        await cluster.RecordAsync(text, CancellationToken.None);
    }

    // "job-...: running, 2/40 done, ..." as JobProgressDisplay prints it when output is redirected.
    [GeneratedRegex(@"^(?<id>job-\S+): running, (?<done>\d+)/\d+ done")]
    private static partial Regex ProgressLine();
}
