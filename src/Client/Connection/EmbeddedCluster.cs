using Fcan.Client.Cli;
using Microsoft.Extensions.Hosting;

namespace Fcan.Client.Connection;

/// <summary>The in-process silo with durable state under `--home` (the grains team's builder plugs in here).</summary>
public static class EmbeddedCluster
{
    public static Task<IHost> StartAsync(string home, int gatewayPort, bool verbose, CancellationToken cancellation) =>
        throw new OperationFailedException("the embedded cluster is not in this build yet; pass --cluster to join a running one");
}
