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
[GenerateSerializer, Immutable, Alias("fcan.output-plan")]
public sealed record OutputPlan(int Generation, int? ReuseGeneration, string? ShardFolder)
{
    public static async Task<OutputPlan> ForAsync(IBlobStore output, string jobId, JobSpec spec,
        CancellationToken cancellationToken)
    {
        var current = await OutputGenerations.FindCurrentAsync(output, cancellationToken);
        var generation = await OutputGenerations.NextNumberAsync(output, cancellationToken);
        var holdsShards = await output.ListAsync(ShardNames.Folder, cancellationToken).AnyAsync(cancellationToken);
        return new OutputPlan(generation,
            spec.Force || current?.Index is null ? null : current.Number,
            holdsShards ? jobId : null);
    }

    public string ShardName(int shard) => ShardFolder is null ? ShardNames.ForIndex(shard) : ShardNames.ForJob(ShardFolder, shard);
}
