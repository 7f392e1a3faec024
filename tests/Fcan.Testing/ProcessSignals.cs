using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Fcan.Testing;

/// <summary>Stops processes the way an operator or an orchestrator does: SIGTERM first, so the process can shut
/// down cleanly, and SIGKILL only when it has not exited in time. .NET's <see cref="Process.Kill()"/> only sends
/// SIGKILL.</summary>
public static class ProcessSignals
{
    private const int SigInt = 2;
    private const int SigTerm = 15;

    /// <summary>Sends SIGTERM, waits up to <paramref name="grace"/>, then kills; true when the process exited by itself.</summary>
    public static Task<bool> TerminateAsync(Process process, TimeSpan grace) => SignalAsync(process, SigTerm, grace);

    /// <summary>Sends SIGINT (Ctrl+C), waits up to <paramref name="grace"/>, then kills; true when the process exited by itself.</summary>
    public static Task<bool> InterruptAsync(Process process, TimeSpan grace) => SignalAsync(process, SigInt, grace);

    private static async Task<bool> SignalAsync(Process process, int signal, TimeSpan grace)
    {
        if (process.HasExited) return true;
        if (kill(process.Id, signal) != 0 && !process.HasExited)
            throw new InvalidOperationException($"signal {signal} to process {process.Id} failed (errno {Marshal.GetLastPInvokeError()})");
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return false;
        }
    }

    [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054 // DllImport keeps this one libc call free of unsafe code (LibraryImport needs it).
    private static extern int kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
