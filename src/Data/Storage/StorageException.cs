namespace Fcan.Data.Storage;

/// <summary>A storage operation that failed, in one line naming the location and blob; never carries a secret.</summary>
public sealed class StorageException : Exception
{
    public StorageException(string message) : base(message) { }

    public StorageException(string message, Exception inner) : base(message, inner) { }
}
