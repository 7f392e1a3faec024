namespace Fcan.Testing;

/// <summary>One redis-server per test class or collection, for xunit (<c>IClassFixture&lt;RedisFixture&gt;</c>).</summary>
public sealed class RedisFixture : IDisposable
{
    public RedisServer Server { get; } = RedisServer.Start();

    public void Dispose() => Server.Dispose();
}
