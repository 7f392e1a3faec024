namespace Fcan.Testing;

/// <summary>
/// One Azurite per test class or collection, for xunit: use it as <c>IClassFixture&lt;AzuriteFixture&gt;</c> or in a
/// <c>[CollectionDefinition]</c>. xunit builds it before the first test and disposes it (stopping Azurite) after the
/// last. <see cref="NewContainerName"/> gives each test its own container, so tests sharing the server stay independent.
/// </summary>
public sealed class AzuriteFixture : IDisposable
{
    private int containers;

    public AzuriteFixture() => Server = AzuriteServer.Start();

    public AzuriteServer Server { get; }

    public string ConnectionString => Server.ConnectionString;

    /// <summary>A container name no other test of this fixture uses (lowercase, valid for Azure).</summary>
    public string NewContainerName(string purpose = "test")
    {
        var name = $"{purpose.ToLowerInvariant()}-{Interlocked.Increment(ref containers):D4}-{Guid.NewGuid():N}";
        return name.Length <= 63 ? name : name[..63];
    }

    public void Dispose() => Server.Dispose();
}
