using Fcan.Grains.Contracts;

namespace Fcan.Grains.Jobs;

/// <summary>The persisted state of a conversion job. Per-item state and counts live in its shards, which own them;
/// the job keeps only its spec, plan, how far the listing got and how it ended, so one state write never holds the
/// whole item list and nothing here mirrors a shard.</summary>
[GenerateSerializer, Alias("fcan.job-record")]
public sealed class JobRecord
{
    [Id(0)] public JobSpec? Spec { get; set; }
    [Id(1)] public JobState State { get; set; }
    /// <summary>Items of the source listing already assigned to shards.</summary>
    [Id(2)] public int Listed { get; set; }
    [Id(3)] public bool SourceListed { get; set; }
    [Id(5)] public string? ManifestName { get; set; }
    [Id(6)] public DateTimeOffset? CreatedAt { get; set; }
    [Id(7)] public DateTimeOffset? FinishedAt { get; set; }
    [Id(8)] public string? Error { get; set; }
    /// <summary>The counts when the job became final, so a finished job answers without asking its shards.</summary>
    [Id(9)] public JobProgress? FinalProgress { get; set; }
    /// <summary>The generation the job writes and what it may reuse, decided when it started.</summary>
    [Id(10)] public OutputPlan? Plan { get; set; }
    /// <summary>The last key assigned to a shard: a listing started again (after a failure or a restart) goes on
    /// after it, since sources list in ordinal key order.</summary>
    [Id(11)] public string? LastKey { get; set; }
    /// <summary>The shards written when the job became final (with <see cref="FinalProgress"/>).</summary>
    [Id(12)] public int? FinalShardsWritten { get; set; }
    /// <summary>The job's span (W3C traceparent): the parent of its shards' spans.</summary>
    [Id(20)] public string? TraceParent { get; set; }

    public int ShardCount => Spec is null ? 0 : (Listed + Spec.ShardSize - 1) / Spec.ShardSize;
}
