namespace Fcan.Data.Storage;

/// <summary>A staged upload into a local staging file; the store renames it into place create-only on commit.</summary>
internal sealed class LocalStagedUpload(FileStream staging, string stagingPath,
    Func<CancellationToken, Task<BlobInfo?>> publish) : IStagedUpload
{
    private bool closed;

    public Task StageBlockAsync(ReadOnlyMemory<byte> block, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(closed, this);
        return staging.WriteAsync(block, cancellationToken).AsTask();
    }

    public async Task<BlobInfo?> CommitAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(closed, this);
        staging.Flush(flushToDisk: true);
        await staging.DisposeAsync();
        closed = true;
        return await publish(cancellationToken);
    }

    /// <summary>Without a commit the staging file is removed: nothing ever becomes visible.</summary>
    public async ValueTask DisposeAsync()
    {
        if (closed) return;
        closed = true;
        await staging.DisposeAsync();
        File.Delete(stagingPath);
    }
}
