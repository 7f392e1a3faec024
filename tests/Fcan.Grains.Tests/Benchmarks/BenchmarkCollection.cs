namespace Fcan.Grains.Tests.Benchmarks;

/// <summary>Benchmarks run alone, never next to other test classes, so that they measure Fcan and not the suite.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BenchmarkCollection
{
    public const string Name = "benchmarks";
}
