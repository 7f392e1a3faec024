using System.Runtime.CompilerServices;
using Fcan.Data.Datasets;
using Fcan.Grains.Contracts;
using Fcan.Grains.Storage;

namespace Fcan.Grains.Sources;

/// <summary>Lists a job's source with Data's dataset readers (local folder or Azure Blob, any layout).</summary>
public sealed class DatasetCatalog(BlobStoreCache stores) : IDatasetCatalog
{
    public static DatasetLayout Layout(JobSpec spec) =>
        Enum.TryParse<DatasetLayout>(spec.Layout, ignoreCase: true, out var layout)
            ? layout
            : throw new ArgumentException($"layout '{spec.Layout}': expected gta5, cityscapes or folder");

    public IDatasetReader Open(JobSpec spec) => DatasetReaders.Open(stores.Open(spec.Source), Layout(spec));

    public async IAsyncEnumerable<string> ListKeysAsync(JobSpec spec,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in Open(spec).ListAsync(cancellationToken)) yield return item.Key;
    }
}
