using Fcan.Data.Storage;
using Fcan.Grains.Contracts;

namespace Fcan.Grains.Shards;

/// <summary>Writes a job's shards and, last, its manifest. Both are create-only: writing a shard again returns
/// the existing one, so a retried shard write never duplicates samples.</summary>
public interface IShardSink
{
    Task<WrittenShard> WriteShardAsync(IBlobStore output, int index, IReadOnlyList<OutputSample> samples,
        CancellationToken cancellationToken);

    /// <summary>Writes the manifest listing <paramref name="shards"/>; returns its name in the output.</summary>
    Task<string> WriteManifestAsync(IBlobStore output, IReadOnlyList<WrittenShard> shards,
        CancellationToken cancellationToken);
}
