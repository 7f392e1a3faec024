using System.Diagnostics;

namespace Fcan.Testing.Cluster;

/// <summary>One running <c>fcan-silo</c> process of a <see cref="LocalCluster"/>, its output appended to
/// <see cref="LogPath"/>. It can be stopped cleanly (SIGTERM: the silo hands its leases back and leaves the cluster)
/// or killed like <c>kill -9</c>, and started again with the same ports and home.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    /// <summary>The silo's own shutdown takes up to 30 s (FcanSiloHost); this leaves it room before SIGKILL.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(40);

    private readonly ProcessStartInfo start;
    private readonly StreamWriter log;
    private Process? process;
    private bool logClosed;

    internal SiloProcess(string name, ProcessStartInfo start, string logPath)
    {
        Name = name;
        this.start = start;
        LogPath = logPath;
        log = new StreamWriter(logPath, append: true) { AutoFlush = true };
    }

    public string Name { get; }

    public string LogPath { get; }

    public bool IsRunning => process is { HasExited: false };

    /// <summary>What the silo printed so far (all its runs).</summary>
    public string ReadLog()
    {
        using var reader = new StreamReader(new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        return reader.ReadToEnd();
    }

    /// <summary>Starts the process (again, after a stop or kill).</summary>
    public void Start()
    {
        if (IsRunning) throw new InvalidOperationException($"{Name} is still running");
        process?.Dispose();
        process = Process.Start(start) ?? throw new InvalidOperationException($"{Name}: could not start {start.FileName}");
        process.OutputDataReceived += (_, e) => Log(e.Data);
        process.ErrorDataReceived += (_, e) => Log(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>SIGKILL, as <c>kill -9</c>: no shutdown, leases stay taken until they expire.</summary>
    public async Task KillAsync()
    {
        if (!IsRunning) return;
        process!.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, then SIGKILL after a grace period; true when the silo exited by itself.</summary>
    public Task<bool> StopAsync() => process == null ? Task.FromResult(true) : ProcessSignals.TerminateAsync(process, StopGrace);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        process?.Dispose();
        lock (log)
        {
            logClosed = true;
            log.Dispose();
        }
    }

    private void Log(string? line)
    {
        if (line == null) return;
        lock (log)
        {
            // A line can still arrive from a killed process' pipe after the log was closed; it is dropped.
            if (!logClosed) log.WriteLine(line);
        }
    }
}
