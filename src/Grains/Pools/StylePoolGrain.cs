using Fcan.Engine.Style;
using Fcan.Grains.Contracts;
using Fcan.Grains.Persistence;
using Fcan.Grains.Storage;
using Microsoft.Extensions.Options;

namespace Fcan.Grains.Pools;

/// <summary>A target-style pool: its statistics are computed in chunks across the cluster, merged, stored in the
/// pool store under their content hash, and referenced from a new version whenever the image set or size changes.</summary>
public sealed class StylePoolGrain(
    [PersistentState("pool", GrainStorageNames.Fcan)] IPersistentState<StylePoolState> state,
    BlobStoreCache stores,
    IOptions<PoolStoreOptions> poolStore,
    TimeProvider time) : Grain, IStylePoolGrain
{
    private const int ImagesPerChunk = 8;

    private PoolInfo? Current => state.State.Versions.LastOrDefault();

    public async Task<PoolInfo> Define(PoolDefinition definition, CancellationToken cancellationToken)
    {
        if (definition.Images.Count == 0) throw new ArgumentException($"pool '{this.GetPrimaryKeyString()}': no images");
        if (Current is { } current && current.Definition.Size == definition.Size
            && current.Definition.Images.SequenceEqual(definition.Images)) return current;

        var chunks = await Task.WhenAll(definition.Images.Chunk(ImagesPerChunk).Select(chunk =>
            GrainFactory.GetGrain<IStyleStatisticsGrain>(Guid.NewGuid()).Compute(chunk, definition.Size, cancellationToken)));
        var statistics = chunks.Select(bytes => StyleStatistics.ReadFrom(new MemoryStream(bytes)))
            .Aggregate((merged, next) => merged.Merge(next));
        var name = $"pools/{this.GetPrimaryKeyString()}/{statistics.ContentHash}.stats";
        var buffer = new MemoryStream();
        statistics.WriteTo(buffer);
        // Create-only under the content hash: an existing blob of that name already holds these statistics.
        await stores.Open(poolStore.Value.Location).TryCreateAsync(name, new MemoryStream(buffer.ToArray()), cancellationToken);

        var info = new PoolInfo(this.GetPrimaryKeyString(), (Current?.Version ?? 0) + 1, definition, name,
            statistics.ContentHash, statistics.NetworkId, time.GetUtcNow());
        state.State.Versions.Add(info);
        await state.WriteStateAsync(cancellationToken);
        return info;
    }

    public Task<PoolInfo?> Get(CancellationToken cancellationToken) => Task.FromResult(Current);

    public Task<PoolInfo?> GetVersion(int version, CancellationToken cancellationToken) =>
        Task.FromResult(state.State.Versions.FirstOrDefault(v => v.Version == version));

    public async Task<byte[]?> GetStatistics(int version, CancellationToken cancellationToken)
    {
        if (state.State.Versions.FirstOrDefault(v => v.Version == version) is not { } info) return null;
        await using var stream = await stores.Open(poolStore.Value.Location).OpenReadAsync(info.StatisticsRef, cancellationToken);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}
