using Fcan.Data.Shards;
using Fcan.Data.Storage;
using Fcan.Grains.Contracts;

namespace Fcan.Grains.Jobs;

/// <summary>How a job writes into its output, decided once when it starts: the generation it writes, the earlier
/// generation it may reuse, and whether its shards need names of their own.</summary>
/// <param name="Generation">The new manifest generation.</param>
/// <param name="ReuseGeneration">The current generation, when it has an index and the job is not forced.</param>
/// <param name="ShardFolder">The job's id when the output already holds shards; null for an empty output, whose
/// shards keep the plain names of the output layout.</param>
/// <param name="CurrentGeneration">The output's current generation when the job started (0: a manifest without
/// generations; null: no manifest).</param>
/// <param name="ManifestETag">The version of <c>manifest.jsonl</c> the job planned from (null: none existed): the job
/// replaces only that version, never a newer one another writer put there meanwhile.</param>
[GenerateSerializer, Immutable, Alias("fcan.output-plan")]
public sealed record OutputPlan(int Generation, int? ReuseGeneration, string? ShardFolder, int? CurrentGeneration = null,
    string? ManifestETag = null)
{
    public static async Task<OutputPlan> ForAsync(IBlobStore output, string jobId, JobSpec spec,
        CancellationToken cancellationToken)
    {
        // The version first: should the manifest change while it is read, publishing later fails instead of overwriting.
        var manifest = await output.GetInfoAsync(ShardNames.Manifest, cancellationToken);
        var current = await OutputGenerations.FindCurrentAsync(output, cancellationToken);
        var generation = await OutputGenerations.NextNumberAsync(output, cancellationToken);
        var holdsShards = await output.ListAsync(ShardNames.Folder, cancellationToken).AnyAsync(cancellationToken);
        return new OutputPlan(generation,
            spec.Force || current?.Index is null ? null : current.Number,
            holdsShards ? jobId : null, current?.Number, manifest?.ETag);
    }

    public string ShardName(int shard) => ShardFolder is null ? ShardNames.ForIndex(shard) : ShardNames.ForJob(ShardFolder, shard);
}
