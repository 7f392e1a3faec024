namespace Fcan.Testing;

/// <summary>One throwaway PostgreSQL cluster per test class or collection, for xunit (<c>IClassFixture&lt;PostgresFixture&gt;</c>).</summary>
public sealed class PostgresFixture : IDisposable
{
    public PostgresServer Server { get; } = PostgresServer.Start();

    public void Dispose() => Server.Dispose();
}
