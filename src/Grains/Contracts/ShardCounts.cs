namespace Fcan.Grains.Contracts;

/// <summary>Item counts of one shard of a job; the job sums them into its progress.</summary>
[GenerateSerializer, Immutable, Alias("fcan.shard-counts")]
/// <param name="Reused">Of the done items, those reused unchanged from the previous generation.</param>
public sealed record ShardCounts(int Total, int Pending, int Leased, int Done, int Failed, int Reused = 0)
{
    public bool HasWork => Pending + Leased > 0;
}
