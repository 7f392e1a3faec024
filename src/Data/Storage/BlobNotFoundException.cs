namespace Fcan.Data.Storage;

/// <summary>A blob that was asked for and does not exist.</summary>
public sealed class BlobNotFoundException(string location, string name)
    : Exception($"{location.TrimEnd('/')}/{name}: no such blob or file")
{
    public string Name { get; } = name;
}
