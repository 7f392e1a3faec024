using Fcan.Data.Datasets;
using Fcan.Data.Shards;
using Fcan.Engine.Ran.Samples;
using Fcan.Grains.Storage;

namespace Fcan.Grains.Training;

/// <summary>Opens a training job's source (shards or a dataset) and target on a trainer's silo.</summary>
public sealed class TrainingSamples(BlobStoreCache stores)
{
    public async Task<IRanSampleSource> OpenAsync(string location, string layout, CancellationToken cancellationToken)
    {
        var store = stores.Open(location);
        if (await store.GetInfoAsync(ShardNames.Manifest, cancellationToken) != null)
            return await ShardSampleSource.OpenAsync(store, cancellationToken);
        var kind = layout switch
        {
            "gta5" => DatasetLayout.Gta5,
            "cityscapes" => DatasetLayout.Cityscapes,
            "folder" => DatasetLayout.Folder,
            _ => throw new ArgumentException($"layout '{layout}': expected gta5, cityscapes or folder"),
        };
        return await DatasetSampleSource.OpenAsync(store.Location, DatasetReaders.Open(store, kind), cancellationToken);
    }
}
