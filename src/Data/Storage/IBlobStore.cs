namespace Fcan.Data.Storage;

/// <summary>
/// The one storage contract Fcan writes through: a local folder or an Azure Blob container prefix.
/// Names are relative, '/'-separated, and can never escape the store's root.
/// </summary>
public interface IBlobStore
{
    /// <summary>Where this store points, for messages and logs; never contains a secret.</summary>
    string Location { get; }

    /// <summary>The blob's size and ETag, or null when it does not exist.</summary>
    Task<BlobInfo?> GetInfoAsync(string name, CancellationToken cancellationToken);

    /// <summary>Streams a blob's bytes; throws <see cref="BlobNotFoundException"/> when it does not exist.</summary>
    Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken);

    /// <summary>Create-only write (If-None-Match: *): the new blob, or null when one already exists under the name.</summary>
    Task<BlobInfo?> TryCreateAsync(string name, Stream content, CancellationToken cancellationToken);

    /// <summary>Conditional overwrite: succeeds only while the blob still has <paramref name="ifMatchETag"/>
    /// (null means "must not exist yet"); returns the new version, or null when the condition failed.</summary>
    Task<BlobInfo?> TryReplaceAsync(string name, Stream content, string? ifMatchETag, CancellationToken cancellationToken);

    /// <summary>Starts a staged upload for a large blob; nothing is visible until its create-only commit.</summary>
    Task<IStagedUpload> BeginStagedUploadAsync(string name, CancellationToken cancellationToken);

    /// <summary>Blobs whose names start with <paramref name="prefix"/>, in ordinal name order.</summary>
    IAsyncEnumerable<BlobInfo> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Deletes a blob; false when there was none.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken);
}
