using Fcan.Grains.Contracts;

namespace Fcan.Grains.Pools;

[GenerateSerializer, Alias("fcan.style-pool-state")]
public sealed class StylePoolState
{
    /// <summary>Every version built, oldest first; the last is current.</summary>
    [Id(0)] public List<PoolInfo> Versions { get; set; } = [];
}
