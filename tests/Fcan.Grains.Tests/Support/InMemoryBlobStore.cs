using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Fcan.Data.Storage;

namespace Fcan.Grains.Tests.Support;

/// <summary>A blob store in memory, shared by every silo of a test cluster, with the create-only and ETag semantics
/// of the real stores (each write gets a new ETag).</summary>
public sealed class InMemoryBlobStore(string location) : IBlobStore
{
    private readonly ConcurrentDictionary<string, (byte[] Bytes, string ETag)> blobs = new(StringComparer.Ordinal);

    public string Location => location;

    public IEnumerable<string> Names => blobs.Keys.Order(StringComparer.Ordinal);

    public Task<BlobInfo?> GetInfoAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(blobs.TryGetValue(name, out var blob) ? Info(name, blob) : null);

    public Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken) =>
        blobs.TryGetValue(name, out var blob)
            ? Task.FromResult<Stream>(new MemoryStream(blob.Bytes, writable: false))
            : throw new BlobNotFoundException(location, name);

    public async Task<BlobInfo?> TryCreateAsync(string name, Stream content, CancellationToken cancellationToken)
    {
        var blob = (await ReadAllAsync(content, cancellationToken), Guid.NewGuid().ToString("N"));
        return blobs.TryAdd(name, blob) ? Info(name, blob) : null;
    }

    public async Task<BlobInfo?> TryReplaceAsync(string name, Stream content, string? ifMatchETag,
        CancellationToken cancellationToken)
    {
        var blob = (await ReadAllAsync(content, cancellationToken), Guid.NewGuid().ToString("N"));
        if (ifMatchETag is null) return blobs.TryAdd(name, blob) ? Info(name, blob) : null;
        return blobs.TryGetValue(name, out var current) && current.ETag == ifMatchETag
               && blobs.TryUpdate(name, blob, current) ? Info(name, blob) : null;
    }

    public Task<IStagedUpload> BeginStagedUploadAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult<IStagedUpload>(new StagedUpload(this, name));

    public async IAsyncEnumerable<BlobInfo> ListAsync(string prefix,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var name in Names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
            if (blobs.TryGetValue(name, out var blob)) yield return Info(name, blob);
    }

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(blobs.TryRemove(name, out _));

    private static BlobInfo Info(string name, (byte[] Bytes, string ETag) blob) => new(name, blob.Bytes.Length, blob.ETag);

    private static async Task<byte[]> ReadAllAsync(Stream content, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private sealed class StagedUpload(InMemoryBlobStore store, string name) : IStagedUpload
    {
        private readonly MemoryStream staged = new();

        public Task StageBlockAsync(ReadOnlyMemory<byte> block, CancellationToken cancellationToken)
        {
            staged.Write(block.Span);
            return Task.CompletedTask;
        }

        public Task<BlobInfo?> CommitAsync(CancellationToken cancellationToken) =>
            store.TryCreateAsync(name, new MemoryStream(staged.ToArray()), cancellationToken);

        public ValueTask DisposeAsync() => staged.DisposeAsync();
    }
}
