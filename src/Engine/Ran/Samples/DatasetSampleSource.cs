using Fcan.Data.Datasets;

namespace Fcan.Engine.Ran.Samples;

/// <summary>The items of a dataset (any layout), read from its store when loaded.</summary>
public sealed class DatasetSampleSource : IRanSampleSource
{
    private readonly IDatasetReader reader;
    private readonly IReadOnlyList<DatasetItem> items;

    private DatasetSampleSource(string location, IDatasetReader reader, IReadOnlyList<DatasetItem> items)
    {
        Location = location;
        this.reader = reader;
        this.items = items;
    }

    /// <summary>Lists the dataset (names only); an empty dataset is an error.</summary>
    public static async Task<DatasetSampleSource> OpenAsync(string location, IDatasetReader reader, CancellationToken cancellationToken)
    {
        var items = new List<DatasetItem>();
        await foreach (var item in reader.ListAsync(cancellationToken)) items.Add(item);
        if (items.Count == 0) throw new ArgumentException($"{location}: no images in this dataset");
        return new DatasetSampleSource(location, reader, items);
    }

    public string Location { get; }

    public int Count => items.Count;

    public bool Labeled => items.All(item => item.LabelName != null);

    public RanSample Load(int index, CancellationToken cancellationToken)
    {
        // Training runs on its own thread, and dataset reads are plain file or blob reads: blocking here is safe.
        var loaded = reader.LoadAsync(items[index], cancellationToken).GetAwaiter().GetResult();
        return new RanSample(loaded.Item.Key, loaded.Image, loaded.TrainIds);
    }
}
