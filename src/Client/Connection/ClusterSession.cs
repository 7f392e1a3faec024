using Fcan.Client.Cli;
using Fcan.Grains.Client;

namespace Fcan.Client.Connection;

/// <summary>
/// An open connection to the silos for one command: the Fcan client facade, and whether the silo lives in this
/// process (embedded mode, where work only progresses while an `fcan` process hosts it). A command that joined
/// another process's embedded silo may take the silo over when that process exits (<see cref="HostHereAsync"/>).
/// </summary>
public sealed class ClusterSession(FcanClusterClient client, bool embedded, IAsyncDisposable lifetime, string? joinedHome = null)
    : IAsyncDisposable
{
    private IAsyncDisposable lifetime = lifetime;

    public FcanClusterClient Client { get; private set; } = client;

    /// <summary>This process hosts the embedded silo.</summary>
    public bool Embedded { get; private set; } = embedded;

    /// <summary>The `--home` whose embedded silo another `fcan` process hosts and this one joined; null otherwise.</summary>
    public string? JoinedHome { get; private set; } = joinedHome;

    /// <summary>Leaves the joined silo (its host has gone) and hosts the embedded silo here, under <paramref name="lease"/>.</summary>
    public async Task HostHereAsync(CommandContext ctx, EmbeddedSiloLease lease, CancellationToken cancellation)
    {
        await lifetime.DisposeAsync();
        var hosted = await ClusterConnector.HostAsync(ctx, lease, cancellation);
        (Client, Embedded, JoinedHome, lifetime) = (hosted.Client, true, null, hosted);
    }

    public ValueTask DisposeAsync() => lifetime.DisposeAsync();
}
