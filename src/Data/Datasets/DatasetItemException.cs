namespace Fcan.Data.Datasets;

/// <summary>A dataset item that can't be used, in one line naming its key and the reason; the rest of the dataset
/// goes on.</summary>
public sealed class DatasetItemException(string key, string reason) : Exception($"{key}: {reason}")
{
    public string Key { get; } = key;
    public string Reason { get; } = reason;
}
