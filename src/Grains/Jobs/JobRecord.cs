using Fcan.Grains.Contracts;

namespace Fcan.Grains.Jobs;

/// <summary>The persisted state of a conversion job. Per-item state lives in its shards; the job keeps only how far
/// the listing got and which shards are written, so one state write never holds the whole item list.</summary>
[GenerateSerializer, Alias("fcan.job-record")]
public sealed class JobRecord
{
    [Id(0)] public JobSpec? Spec { get; set; }
    [Id(1)] public JobState State { get; set; }
    /// <summary>Items of the source listing already assigned to shards.</summary>
    [Id(2)] public int Listed { get; set; }
    [Id(3)] public bool SourceListed { get; set; }
    [Id(4)] public Dictionary<int, WrittenShard> Written { get; set; } = [];
    [Id(5)] public string? ManifestName { get; set; }
    [Id(6)] public DateTimeOffset? CreatedAt { get; set; }
    [Id(7)] public DateTimeOffset? FinishedAt { get; set; }
    [Id(8)] public string? Error { get; set; }
    /// <summary>The counts when the job became final, so a finished job answers without asking its shards.</summary>
    [Id(9)] public JobProgress? FinalProgress { get; set; }
    /// <summary>The generation the job writes and what it may reuse, decided when it started.</summary>
    [Id(10)] public OutputPlan? Plan { get; set; }
    /// <summary>The job's span (W3C traceparent): the parent of its shards' spans.</summary>
    [Id(20)] public string? TraceParent { get; set; }

    public int ShardCount => Spec is null ? 0 : (Listed + Spec.ShardSize - 1) / Spec.ShardSize;
}
