namespace Fcan.Grains.Contracts;

/// <summary>Everything a conversion job needs; immutable once the job has started.</summary>
/// <param name="Source">Dataset root: a local path or az://container/prefix.</param>
/// <param name="Layout">"gta5", "cityscapes" or "folder" (Data's DatasetLayout, by name).</param>
/// <param name="Pool">Name of the target-style pool.</param>
/// <param name="PoolVersion">The pool version the job renders against; fixed at start so outputs are consistent.</param>
/// <param name="Settings">Render settings for every item.</param>
/// <param name="Output">Where shards and the manifest go: a local path or az://container/prefix.</param>
/// <param name="ShardSize">Items per shard; items are assigned to shards by their position in the source listing.</param>
/// <param name="Limit">Convert only the first N items of the listing; null converts all.</param>
/// <param name="MaxAttempts">Render attempts per item before it is marked failed.</param>
/// <param name="Force">Render every item even when the output's current generation already holds it unchanged.</param>
/// <param name="AllowShrink">Publish a refresh even when it drops more than <see cref="Jobs.ShrinkGuard.MaxDropShare"/>
/// of the current generation's items (otherwise the job fails and the current generation stays).</param>
[GenerateSerializer, Immutable, Alias("fcan.job-spec")]
public sealed record JobSpec(
    string Source,
    string Layout,
    string Pool,
    int PoolVersion,
    RenderSettings Settings,
    string Output,
    int ShardSize = 100,
    int? Limit = null,
    int MaxAttempts = 3,
    bool Force = false,
    bool AllowShrink = false);
