using Fcan.Data.Storage;
using Fcan.Testing;

namespace Fcan.Data.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class BlobStoresTests(AzuriteFixture azurite)
{
    [Fact]
    public void LocalPathsOpenTheLocalStore()
    {
        var store = BlobStores.Open("./out", azureConnectionString: null);

        Assert.IsType<LocalBlobStore>(store);
        Assert.Equal(Path.GetFullPath("out"), store.Location);
    }

    [Fact]
    public async Task AzureUrisOpenTheContainerAndPrefix()
    {
        var container = azurite.NewContainerName("open");
        var store = BlobStores.Open($"az://{container}/datasets/gta5", azurite.ConnectionString);
        await store.TryCreateAsync("images/1.png", new MemoryStream([1, 2, 3]), TestTimeout.Token);

        var root = BlobStores.Open($"az://{container}", azurite.ConnectionString);
        Assert.Equal($"az://{container}/datasets/gta5", store.Location);
        Assert.NotNull(await root.GetInfoAsync("datasets/gta5/images/1.png", TestTimeout.Token));
    }

    [Theory]
    [InlineData("az://Bad_Container/x", "not a valid container name")]
    [InlineData("s3://bucket/x", "unsupported storage URI")]
    [InlineData("", "empty storage location")]
    public void BadLocationsAreRejectedWithTheReason(string uri, string reason)
    {
        var error = Assert.Throws<StorageException>(() => BlobStores.Open(uri, azurite.ConnectionString));
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void AzureWithoutConnectionStringNamesTheVariable()
    {
        var error = Assert.Throws<StorageException>(() => BlobStores.Open("az://data/x", azureConnectionString: null));
        Assert.Contains(BlobStores.AzureConnectionVariable, error.Message);
    }

    [Fact]
    public void InvalidConnectionStringIsNotEchoed()
    {
        var error = Assert.Throws<StorageException>(() => BlobStores.Open("az://data/x", "AccountKey=topsecret;nonsense"));
        Assert.DoesNotContain("topsecret", error.Message);
    }
}
