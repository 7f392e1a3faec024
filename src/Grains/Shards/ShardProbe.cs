using Fcan.Data.Shards;
using Fcan.Data.Storage;

namespace Fcan.Grains.Shards;

/// <summary>When the shard writer refuses a shard, finds the samples it refuses on their own (a name a tar can't hold,
/// say), so those items fail with the writer's reason and the rest of the shard is written. The writer stays the one
/// judge of what a shard can hold: each sample is written alone into a store that keeps nothing.</summary>
public static class ShardProbe
{
    public static async Task<IReadOnlyList<(string Key, string Reason)>> RefusedAsync(IReadOnlyList<ShardSample> samples,
        CancellationToken cancellationToken)
    {
        var refused = new List<(string, string)>();
        foreach (var sample in samples)
        {
            try
            {
                await ShardWriter.WriteAsync(Discard.Instance, "probe.tar", [sample], cancellationToken);
            }
            catch (ArgumentException error)
            {
                refused.Add((sample.Key, error.Message));
            }
        }
        return refused;
    }

    private sealed class Discard : IBlobStore, IStagedUpload
    {
        public static readonly Discard Instance = new();

        public string Location => "(probe)";
        public Task<BlobInfo?> GetInfoAsync(string name, CancellationToken cancellationToken) => Task.FromResult<BlobInfo?>(null);
        public Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken) => throw new BlobNotFoundException(Location, name);
        public Task<BlobInfo?> TryCreateAsync(string name, Stream content, CancellationToken cancellationToken) => Task.FromResult<BlobInfo?>(new(name, 0, ""));
        public Task<BlobInfo?> TryReplaceAsync(string name, Stream content, string? ifMatchETag, CancellationToken cancellationToken) => Task.FromResult<BlobInfo?>(new(name, 0, ""));
        public Task<IStagedUpload> BeginStagedUploadAsync(string name, CancellationToken cancellationToken) => Task.FromResult<IStagedUpload>(this);
        public IAsyncEnumerable<BlobInfo> ListAsync(string prefix, CancellationToken cancellationToken) => AsyncEnumerable.Empty<BlobInfo>();
        public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken) => Task.FromResult(false);
        public Task StageBlockAsync(ReadOnlyMemory<byte> block, CancellationToken cancellationToken) => Task.CompletedTask;
        public Task<BlobInfo?> CommitAsync(CancellationToken cancellationToken) => Task.FromResult<BlobInfo?>(new("probe.tar", 0, ""));
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
