using Fcan.Data.Storage;

namespace Fcan.Data.Tests.Storage;

/// <summary>A real store whose staged uploads "crash" (throw like a dying process) once a given number of blocks has
/// been staged, or right before the commit: what an interrupted shard write leaves behind is then real backend state.</summary>
public sealed class InterruptingBlobStore(IBlobStore inner, int failAtBlock) : IBlobStore
{
    /// <summary>Fail at the commit, after every block was staged.</summary>
    public const int AtCommit = int.MaxValue;

    public string Location => inner.Location;

    public Task<BlobInfo?> GetInfoAsync(string name, CancellationToken cancellationToken) => inner.GetInfoAsync(name, cancellationToken);

    public Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken) => inner.OpenReadAsync(name, cancellationToken);

    public Task<BlobInfo?> TryCreateAsync(string name, Stream content, CancellationToken cancellationToken) =>
        inner.TryCreateAsync(name, content, cancellationToken);

    public Task<BlobInfo?> TryReplaceAsync(string name, Stream content, string? ifMatchETag, CancellationToken cancellationToken) =>
        inner.TryReplaceAsync(name, content, ifMatchETag, cancellationToken);

    public async Task<IStagedUpload> BeginStagedUploadAsync(string name, CancellationToken cancellationToken) =>
        new Interrupted(await inner.BeginStagedUploadAsync(name, cancellationToken), failAtBlock);

    public IAsyncEnumerable<BlobInfo> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken) => inner.DeleteAsync(name, cancellationToken);

    private sealed class Interrupted(IStagedUpload upload, int failAtBlock) : IStagedUpload
    {
        private int staged;

        public Task StageBlockAsync(ReadOnlyMemory<byte> block, CancellationToken cancellationToken) =>
            staged++ == failAtBlock ? throw Crash() : upload.StageBlockAsync(block, cancellationToken);

        public Task<BlobInfo?> CommitAsync(CancellationToken cancellationToken) => throw Crash();

        public ValueTask DisposeAsync() => upload.DisposeAsync();

        private static IOException Crash() => new("simulated crash during the upload");
    }
}
