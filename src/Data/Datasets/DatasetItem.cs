namespace Fcan.Data.Datasets;

/// <summary>One image of a dataset, by name only: its stable key and the names of its image and label blobs,
/// relative to the dataset's root store. <paramref name="LabelName"/> is null when there is no label.</summary>
public sealed record DatasetItem(string Key, string ImageName, string? LabelName);
