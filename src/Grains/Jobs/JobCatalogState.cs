namespace Fcan.Grains.Jobs;

[GenerateSerializer, Alias("fcan.job-catalog-state")]
public sealed class JobCatalogState
{
    [Id(0)] public List<string> Jobs { get; set; } = [];
    [Id(1)] public HashSet<string> Active { get; set; } = [];
}
