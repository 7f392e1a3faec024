using Fcan.Grains.Contracts;
using Fcan.Grains.Tasks;

namespace Fcan.Grains.Shards;

/// <summary>The persisted state of one shard of a job: its items' render tasks in listing order.</summary>
[GenerateSerializer, Alias("fcan.shard-state")]
public sealed class ShardState
{
    [Id(0)] public JobSpec? Spec { get; set; }
    [Id(1)] public List<RenderTask> Tasks { get; set; } = [];
    /// <summary>No more items will be added (the shard is full or the listing ended).</summary>
    [Id(2)] public bool Sealed { get; set; }
    [Id(3)] public WrittenShard? Written { get; set; }
    /// <summary>The job is paused or cancelled: lease nothing.</summary>
    [Id(4)] public bool Halted { get; set; }
    /// <summary>The shard file's name in the output (a refresh names its shards after its job).</summary>
    [Id(5)] public string? Name { get; set; }
    /// <summary>One more on every state write: the version a <see cref="Contracts.ShardReport"/> carries.</summary>
    [Id(6)] public long Version { get; set; }
    /// <summary>The job was cancelled: lease nothing and never write the shard file, so no later job into the same
    /// output can find a file of this job under a name it would use itself.</summary>
    [Id(7)] public bool Cancelled { get; set; }
    /// <summary>The job's span (W3C traceparent): the parent of this shard's span.</summary>
    [Id(20)] public string? JobTraceParent { get; set; }
}
