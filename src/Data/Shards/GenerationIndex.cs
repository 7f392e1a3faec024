namespace Fcan.Data.Shards;

/// <summary>What one manifest generation holds, item by item, so that a later refresh can tell what is unchanged
/// without opening a shard: each shard of the generation with its samples in order and the sha256 of each sample's
/// source. <paramref name="Recipe"/> fingerprints what every sample was made with (settings, pool and its version):
/// a refresh with another recipe reuses nothing.</summary>
/// <param name="Generation">1 for the first manifest written into the output, then 2, 3, ...</param>
/// <param name="JobId">The job that wrote this generation.</param>
/// <param name="Recipe">Fingerprint of the settings and pool version every sample was made with.</param>
/// <param name="Shards">The manifest's shards in order.</param>
public sealed record GenerationIndex(int Generation, string JobId, string Recipe, IReadOnlyList<IndexedShard> Shards);
