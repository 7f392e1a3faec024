using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Fcan.Testing;

/// <summary>
/// A real Azurite blob service (from npm, installed into .tools/ by scripts/install-test-deps.sh) on a free loopback
/// port for as long as this object lives: in memory with the well-known development account (<see cref="Start"/>),
/// or on disk with an account of its own (<see cref="StartDurable"/>), so it can be stopped and restarted on the same
/// port with its blobs. Azurite picks the first port itself (--blobPort 0) and prints it, so parallel suites never
/// race for one.
/// </summary>
public sealed partial class AzuriteServer : IDisposable
{
    /// <summary>Azurite's fixed development account; public by design, not a secret.</summary>
    public const string AccountName = "devstoreaccount1";

    public const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    // Generous: Node starts slowly on a busy 2-core machine.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(150);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    private readonly string? location;
    private Process? process;

    private AzuriteServer(string? location, string account, string key)
    {
        this.location = location;
        Account = account;
        Key = key;
    }

    public int Port { get; private set; }

    /// <summary>The storage account this server serves.</summary>
    public string Account { get; }

    /// <summary>That account's key: a secret unless it is the development account's <see cref="AccountKey"/>.</summary>
    public string Key { get; }

    public string BlobEndpoint => $"http://127.0.0.1:{Port}/{Account}";

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={Key};BlobEndpoint={BlobEndpoint};";

    public bool IsRunning => process is { HasExited: false };

    public static string Executable => Path.Combine(RepositoryPaths.Tools, "node_modules", ".bin", "azurite-blob");

    /// <summary>Starts an in-memory Azurite and waits until it listens; throws with the reason when it can't.</summary>
    public static AzuriteServer Start()
    {
        var server = new AzuriteServer(null, AccountName, AccountKey);
        server.Restart();
        return server;
    }

    /// <summary>Starts an Azurite that keeps its blobs under <paramref name="location"/> and serves only
    /// <paramref name="account"/> with <paramref name="key"/> (a base64 string).</summary>
    public static AzuriteServer StartDurable(string location, string account, string key)
    {
        Directory.CreateDirectory(location);
        var server = new AzuriteServer(location, account, key);
        server.Restart();
        return server;
    }

    /// <summary>Stops the server with SIGTERM (Azurite saves its metadata and exits), killing it after a grace period.</summary>
    public async Task StopAsync()
    {
        if (process == null) return;
        await ProcessSignals.TerminateAsync(process, StopGrace);
        process.Dispose();
        process = null;
    }

    /// <summary>Starts the (stopped or not yet started) server: on its first port again after a stop.</summary>
    public void Restart()
    {
        if (IsRunning) throw new InvalidOperationException($"azurite-blob on port {Port} is still running");
        if (!File.Exists(Executable))
            throw new InvalidOperationException($"{Executable} is missing: run `bash scripts/install-test-deps.sh` first");
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] storage = location == null ? ["--inMemoryPersistence"] : ["--location", location];
        foreach (var argument in (string[])["--blobHost", "127.0.0.1", "--blobPort", Port.ToString(), .. storage,
                     "--silent", "--skipApiVersionCheck"])
            start.ArgumentList.Add(argument);
        if (Account != AccountName) start.Environment["AZURITE_ACCOUNTS"] = $"{Account}:{Key}";
        (process, Port) = Launch(start);
    }

    public void Dispose()
    {
        if (process == null) return;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        process.Dispose();
        process = null;
    }

    private static (Process, int) Launch(ProcessStartInfo start)
    {
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
            return (process, listening.Task.Result);
        }
        catch
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.Dispose();
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

    [GeneratedRegex(@"listens on http://127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningLine();
}
