using Fcan.Data.Storage;
using Fcan.Testing;

namespace Fcan.Data.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobStoreTests(AzuriteFixture azurite) : BlobStoreContract
{
    protected override IBlobStore Store { get; } =
        AzureBlobStore.Connect(azurite.ConnectionString, azurite.NewContainerName("contract"), "run/1");

    [Fact]
    public void LocationNamesContainerAndPrefixButNoSecret()
    {
        Assert.StartsWith("az://contract-", Store.Location);
        Assert.EndsWith("/run/1", Store.Location);
        Assert.DoesNotContain(AzuriteServer.AccountKey, Store.Location);
    }

    [Fact]
    public async Task FailuresAreOneLineWithoutTheKey()
    {
        var wrongKey = azurite.ConnectionString.Replace(AzuriteServer.AccountKey, Convert.ToBase64String(new byte[64]));
        var store = AzureBlobStore.Connect(wrongKey, azurite.NewContainerName("denied"), "");

        var error = await Assert.ThrowsAsync<StorageException>(() =>
            store.TryCreateAsync("x.txt", Bytes("x"), TestTimeout.Token));
        Assert.DoesNotContain(AzuriteServer.AccountKey, error.Message);
        Assert.DoesNotContain("AccountKey", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("az://denied-", error.Message);
    }
}
