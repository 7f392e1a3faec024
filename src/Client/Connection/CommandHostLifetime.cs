using Microsoft.Extensions.Hosting;

namespace Fcan.Client.Connection;

/// <summary>The lifetime of a host (embedded silo or cluster client) inside an `fcan` command. The command owns
/// Ctrl+C and SIGTERM: System.CommandLine cancels the command, which then stops the host itself. The default
/// ConsoleLifetime would also take those signals, swallow them (so the process does not end) and hold the process
/// open at exit until the host is disposed: `fcan convert --wait` then ignored SIGTERM.</summary>
public sealed class CommandHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
