namespace Fcan.Grains.Pools;

/// <summary>Where pools keep their statistics: a local path or az:// URI that every silo can read.</summary>
public sealed class PoolStoreOptions
{
    public string Location { get; set; } = "";
}
