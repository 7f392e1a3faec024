namespace Fcan.Data.Datasets;

/// <summary>Reads a dataset item by item, never all of it at once.</summary>
public interface IDatasetReader
{
    /// <summary>Every item, by name only (no blob is read), in ordinal key order. Items that will fail to load are
    /// still listed, so the caller can report them.</summary>
    IAsyncEnumerable<DatasetItem> ListAsync(CancellationToken cancellationToken);

    /// <summary>Reads, hashes, decodes and validates one item; throws <see cref="DatasetItemException"/> naming the
    /// item and the reason when it is unusable.</summary>
    Task<LoadedItem> LoadAsync(DatasetItem item, CancellationToken cancellationToken);
}
