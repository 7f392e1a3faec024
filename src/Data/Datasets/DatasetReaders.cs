using Fcan.Data.Storage;

namespace Fcan.Data.Datasets;

/// <summary>The reader for a dataset layout over a root store (local folder or blob prefix).</summary>
public static class DatasetReaders
{
    public static IDatasetReader Open(IBlobStore root, DatasetLayout layout) => layout switch
    {
        DatasetLayout.Gta5 => new Gta5DatasetReader(root),
        DatasetLayout.Cityscapes => new CityscapesDatasetReader(root),
        DatasetLayout.Folder => new FolderDatasetReader(root),
        _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, "unknown dataset layout"),
    };
}
