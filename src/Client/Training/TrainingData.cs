using Fcan.Client.Cli;
using Fcan.Client.Connection;
using Fcan.Data.Datasets;
using Fcan.Data.Shards;
using Fcan.Data.Storage;
using Fcan.Engine.Ran.Samples;

namespace Fcan.Client.Training;

/// <summary>Opens what `fcan train`, `eval` and `predict` read: converted shards or datasets, local or in Blob storage.</summary>
public static class TrainingData
{
    public static readonly string[] Layouts = ["gta5", "cityscapes", "folder"];

    /// <summary>Shards when the location holds a manifest, otherwise a dataset in <paramref name="layout"/>.</summary>
    public static async Task<IRanSampleSource> OpenSamplesAsync(string what, string location, string layout, CancellationToken ct)
    {
        var store = OpenStore(what, location);
        if (await store.GetInfoAsync(ShardNames.Manifest, ct) != null) return await ShardSampleSource.OpenAsync(store, ct);
        return await DatasetSampleSource.OpenAsync(store.Location, DatasetReaders.Open(store, Layout(layout)), ct);
    }

    public static IDatasetReader OpenDataset(string what, string location, string layout) =>
        DatasetReaders.Open(OpenStore(what, location), Layout(layout));

    /// <summary>A store that must already exist (a local folder, or any blob prefix).</summary>
    public static IBlobStore OpenStore(string what, string location) =>
        BlobStores.Open(StorageLocation.RequireExisting(what, location));

    /// <summary>A store that may not exist yet (a checkpoint to write).</summary>
    public static IBlobStore OpenOutput(string location) => BlobStores.Open(StorageLocation.Normalize(location));

    private static DatasetLayout Layout(string layout) => layout switch
    {
        "gta5" => DatasetLayout.Gta5,
        "cityscapes" => DatasetLayout.Cityscapes,
        "folder" => DatasetLayout.Folder,
        _ => throw new UsageException($"layout '{layout}': expected gta5, cityscapes or folder"),
    };
}
