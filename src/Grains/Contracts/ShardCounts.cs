namespace Fcan.Grains.Contracts;

/// <summary>Item counts of one shard of a job; the job sums them into its progress.</summary>
[GenerateSerializer, Immutable, Alias("fcan.shard-counts")]
public sealed record ShardCounts(int Total, int Pending, int Leased, int Done, int Failed)
{
    public bool HasWork => Pending + Leased > 0;
}
