using System.Globalization;
using Fcan.Client.Cli;
using Fcan.Grains.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fcan.Client.Connection;

/// <summary>
/// Opens the cluster a command talks to: a remote one by `--cluster`; otherwise the embedded silo of `--home`, hosted
/// by this process, or joined as a client when another `fcan` process already hosts it.
/// </summary>
public static class ClusterConnector
{
    private static readonly TimeSpan JoinPatience = TimeSpan.FromSeconds(60);

    public static async Task<ClusterSession> OpenAsync(CommandContext ctx, CancellationToken cancellation)
    {
        if (ctx.Cluster.Kind != ClusterKind.Embedded)
        {
            ctx.Output.Detail($"joining cluster {ctx.Cluster.Display}");
            return Session(await RemoteCluster.ConnectAsync(ctx.Cluster, ctx.Output.Verbose, cancellation), hosted: false);
        }

        var deadline = DateTime.UtcNow + JoinPatience;
        while (true)
        {
            if (EmbeddedSiloLease.TryTake(ctx.Home) is { } lease) return await HostAsync(ctx, lease, cancellation);
            if (EmbeddedSiloLease.PublishedGatewayPort(ctx.Home) is { } port)
            {
                ctx.Output.Detail($"another fcan process hosts the embedded cluster of {ctx.Home}; joining it on port {port}");
                var address = ClusterAddress.Parse("127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture));
                return Session(await RemoteCluster.ConnectAsync(address, ctx.Output.Verbose, cancellation), hosted: false,
                    joinedHome: ctx.Home);
            }
            if (DateTime.UtcNow > deadline)
                throw new OperationFailedException($"embedded cluster in {ctx.Home}: another fcan process holds it but does not answer");
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellation);
        }
    }

    /// <summary>Hosts the embedded silo of `--home` in this process, under the lease this process took.</summary>
    public static async Task<ClusterSession> HostAsync(CommandContext ctx, EmbeddedSiloLease lease, CancellationToken cancellation)
    {
        try
        {
            ctx.Output.Detail($"embedded cluster, state in {ctx.Home}");
            var gatewayPort = LoopbackPort.Free();
            var host = await EmbeddedCluster.StartAsync(ctx.Home, gatewayPort, ctx.Output.Verbose, cancellation);
            lease.Publish(gatewayPort);
            return Session(host, hosted: true, lease);
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    private static ClusterSession Session(IHost host, bool hosted, IDisposable? lease = null, string? joinedHome = null) =>
        new(new FcanClusterClient(host.Services.GetRequiredService<IClusterClient>()), hosted, new HostLifetime(host, lease), joinedHome);

    /// <summary>Stops the host gracefully (an embedded silo hands its leases back), then lets others host the silo.</summary>
    private sealed class HostLifetime(IHost host, IDisposable? lease) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.StopAsync(timeout.Token);
            host.Dispose();
            lease?.Dispose();
        }
    }
}
