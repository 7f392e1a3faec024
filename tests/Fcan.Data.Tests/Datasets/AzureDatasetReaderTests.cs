using Fcan.Data.Datasets;
using Fcan.Data.Storage;
using Fcan.Testing;

namespace Fcan.Data.Tests.Datasets;

[Collection(AzuriteCollection.Name)]
public sealed class AzureDatasetReaderTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Gta5LayoutReadsFromABlobPrefix()
    {
        var store = BlobStores.Open($"az://{azurite.NewContainerName("gta")}/datasets/gta5", azurite.ConnectionString);
        await store.TryCreateAsync("images/00001.png", new MemoryStream(TestImages.Png(8, 4)), TestTimeout.Token);
        await store.TryCreateAsync("labels/00001.png", new MemoryStream(TestImages.Label(8, 4)), TestTimeout.Token);
        await store.TryCreateAsync("images/00002.png", new MemoryStream(TestImages.Png(8, 4)), TestTimeout.Token);
        var reader = DatasetReaders.Open(store, DatasetLayout.Gta5);

        var items = new List<DatasetItem>();
        await foreach (var item in reader.ListAsync(TestTimeout.Token)) items.Add(item);

        Assert.Equal([new DatasetItem("00001", "images/00001.png", "labels/00001.png"), new DatasetItem("00002", "images/00002.png", null)], items);
        Assert.Equal(10, (await reader.LoadAsync(items[0], TestTimeout.Token)).TrainIds![0]);
        var missing = await Assert.ThrowsAsync<DatasetItemException>(() => reader.LoadAsync(items[1], TestTimeout.Token));
        Assert.Contains("missing label", missing.Reason);
    }
}
