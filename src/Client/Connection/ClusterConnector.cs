using Fcan.Client.Cli;
using Fcan.Grains.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fcan.Client.Connection;

/// <summary>Opens the cluster a command talks to: an embedded silo under `--home`, or a remote one by `--cluster`.</summary>
public static class ClusterConnector
{
    public static async Task<ClusterSession> OpenAsync(CommandContext ctx, CancellationToken cancellation)
    {
        var embedded = ctx.Cluster.Kind == ClusterKind.Embedded;
        ctx.Output.Detail(embedded ? $"embedded cluster, state in {ctx.Home}" : $"joining cluster {ctx.Cluster.Display}");
        var host = embedded
            ? await EmbeddedCluster.StartAsync(ctx.Home, ctx.Output.Verbose, cancellation)
            : await RemoteCluster.ConnectAsync(ctx.Cluster, ctx.Output.Verbose, cancellation);
        var client = new FcanClusterClient(host.Services.GetRequiredService<IClusterClient>());
        return new ClusterSession(client, embedded, new HostLifetime(host));
    }

    /// <summary>Stops the host gracefully (an embedded silo hands its leases back) before disposing it.</summary>
    private sealed class HostLifetime(IHost host) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.StopAsync(timeout.Token);
            host.Dispose();
        }
    }
}
