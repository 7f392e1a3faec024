using Azure.Storage.Blobs;
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

    [Fact]
    public async Task TransientFailuresAreRetriedWithBackoff()
    {
        var options = AzureBlobStore.RetryingOptions();
        var transport = new FlakyTransport(failures: 3);
        options.Transport = transport;
        var container = new BlobServiceClient(azurite.ConnectionString, options).GetBlobContainerClient(azurite.NewContainerName("flaky"));
        var store = new AzureBlobStore(container, "");

        var created = await store.TryCreateAsync("after-retries.txt", Bytes("made it"), TestTimeout.Token);

        Assert.NotNull(created);
        Assert.True(transport.Attempts > 3);
        Assert.Equal("made it", await new StreamReader(await store.OpenReadAsync("after-retries.txt", TestTimeout.Token)).ReadToEndAsync());
    }

    [Fact]
    public async Task AnUnreachableServiceFailsInOneLineAfterRetries()
    {
        var options = AzureBlobStore.RetryingOptions();
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        var nowhere = azurite.ConnectionString.Replace($":{azurite.Server.Port}/", $":{FreePort.Next()}/");
        var store = new AzureBlobStore(new BlobServiceClient(nowhere, options).GetBlobContainerClient("gone"), "");

        var error = await Assert.ThrowsAsync<StorageException>(() => store.GetInfoAsync("x.txt", TestTimeout.Token));

        Assert.StartsWith("az://gone/x.txt: Azure Blob unreachable after retries", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain(AzuriteServer.AccountKey, error.Message);
    }
}
