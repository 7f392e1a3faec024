namespace Fcan.Data.Storage;

/// <summary>A large blob written in blocks and made visible atomically by a create-only commit.</summary>
public interface IStagedUpload : IAsyncDisposable
{
    /// <summary>Stages the next block; blocks are committed in the order they were staged.</summary>
    Task StageBlockAsync(ReadOnlyMemory<byte> block, CancellationToken cancellationToken);

    /// <summary>Makes the blob visible; null when a blob of that name already exists (nothing is overwritten).
    /// Disposing without committing leaves nothing visible.</summary>
    Task<BlobInfo?> CommitAsync(CancellationToken cancellationToken);
}
