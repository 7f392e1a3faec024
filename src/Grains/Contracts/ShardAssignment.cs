namespace Fcan.Grains.Contracts;

/// <summary>Items a job hands to one of its shards, in listing order.</summary>
/// <param name="Spec">The job's spec.</param>
/// <param name="ShardName">The name the shard file gets in the output.</param>
/// <param name="FirstPosition">Position of the first item within the shard.</param>
/// <param name="Items">The items, in order.</param>
/// <param name="SealedAfter">No more items will come.</param>
/// <param name="TraceParent">The job's span (W3C traceparent), the parent of the shard's span.</param>
[GenerateSerializer, Immutable, Alias("fcan.shard-assignment")]
public sealed record ShardAssignment(JobSpec Spec, string ShardName, int FirstPosition, IReadOnlyList<ShardItem> Items,
    bool SealedAfter, string? TraceParent = null);
