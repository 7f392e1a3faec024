using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Fcan.Testing;

/// <summary>
/// A real Azurite blob service (from npm, installed into .tools/ by scripts/install-test-deps.sh) on a free loopback
/// port, in memory, for as long as this object lives. Azurite picks the port itself (--blobPort 0) and prints it,
/// so parallel suites never race for one.
/// </summary>
public sealed partial class AzuriteServer : IDisposable
{
    /// <summary>Azurite's fixed development account; public by design, not a secret.</summary>
    public const string AccountName = "devstoreaccount1";

    public const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process process;

    private AzuriteServer(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    public string BlobEndpoint => $"http://127.0.0.1:{Port}/{AccountName}";

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={BlobEndpoint};";

    public static string Executable => Path.Combine(RepositoryPaths.Tools, "node_modules", ".bin", "azurite-blob");

    /// <summary>Starts Azurite and waits until it listens; throws with the reason when it can't.</summary>
    public static AzuriteServer Start()
    {
        if (!File.Exists(Executable))
            throw new InvalidOperationException($"{Executable} is missing: run `bash scripts/install-test-deps.sh` first");
        var start = new ProcessStartInfo(Executable)
        {
            ArgumentList = { "--blobHost", "127.0.0.1", "--blobPort", "0", "--inMemoryPersistence", "--silent", "--skipApiVersionCheck" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start azurite-blob");
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => Watch(e.Data);
        process.ErrorDataReceived += (_, e) => Watch(e.Data);
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException(
            $"azurite-blob exited with {process.ExitCode}: {string.Join(" | ", output)}"));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            if (!listening.Task.Wait(StartTimeout))
                throw new TimeoutException($"azurite-blob did not report a port within {StartTimeout.TotalSeconds:0} s: {string.Join(" | ", output)}");
            return new AzuriteServer(process, listening.Task.Result);
        }
        catch
        {
            Stop(process);
            throw;
        }

        void Watch(string? line)
        {
            if (line == null) return;
            output.Enqueue(line);
            var match = ListeningLine().Match(line);
            if (match.Success) listening.TrySetResult(int.Parse(match.Groups[1].Value));
        }
    }

    public void Dispose() => Stop(process);

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        process.Dispose();
    }

    [GeneratedRegex(@"listens on http://127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningLine();
}
