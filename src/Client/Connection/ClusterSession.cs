using Fcan.Grains.Client;

namespace Fcan.Client.Connection;

/// <summary>
/// An open connection to the silos for one command: the Fcan client facade, and whether the silo lives in this
/// process (embedded mode, where work only progresses while an `fcan` process hosts it).
/// </summary>
public sealed class ClusterSession(FcanClusterClient client, bool embedded, IAsyncDisposable lifetime) : IAsyncDisposable
{
    public FcanClusterClient Client { get; } = client;

    public bool Embedded { get; } = embedded;

    public ValueTask DisposeAsync() => lifetime.DisposeAsync();
}
