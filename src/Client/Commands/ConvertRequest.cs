using Fcan.Grains.Contracts;

namespace Fcan.Client.Commands;

/// <summary>A checked conversion request; it becomes a job spec once the pool's current version is known.
/// <paramref name="Force"/> renders everything even where the output already holds an unchanged image;
/// <paramref name="AllowShrink"/> lets a refresh publish even when it drops more than a tenth of the current images.</summary>
public sealed record ConvertRequest(
    string Source, string Layout, string Pool, string Output, int ShardSize, int? Limit, RenderSettings Settings, bool Force,
    bool AllowShrink = false)
{
    public JobSpec ToSpec(PoolInfo pool) => new(Source, Layout, pool.Name, pool.Version, Settings, Output, ShardSize, Limit, Force: Force, AllowShrink: AllowShrink);
}
