namespace Fcan.Testing;

/// <summary>A cluster's state store (membership, grain state, reminders) that a fault test can stop and start again
/// on its port with its data: <see cref="RedisServer"/> or <see cref="PostgresServer"/>.</summary>
public interface IClusterStore : IDisposable
{
    /// <summary>The cluster URI Fcan takes (--cluster), secrets included.</summary>
    string Uri { get; }

    int Port { get; }

    bool IsRunning { get; }

    /// <summary>Stops the server the way its service manager would (it flushes and exits).</summary>
    Task StopAsync();

    /// <summary>Starts the stopped server again on the same port with the same data.</summary>
    void Restart();
}
