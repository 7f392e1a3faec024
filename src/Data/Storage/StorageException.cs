namespace Fcan.Data.Storage;

/// <summary>A storage operation that failed, in one line naming the location and blob; never carries a secret.</summary>
public sealed class StorageException : Exception
{
    public StorageException(string message) : base(message) { }

    public StorageException(string message, Exception inner) : base(message, inner) { }

    /// <summary>A property of the blob itself (an unsafe or reserved name, a symlink leaving the root, a file this
    /// process may not read): asking again can't help. Any other storage failure may pass (an outage, a timeout).</summary>
    public bool Permanent { get; init; }
}
