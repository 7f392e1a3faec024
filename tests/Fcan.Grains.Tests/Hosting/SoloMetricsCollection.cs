namespace Fcan.Grains.Tests.Hosting;

/// <summary>Tests that read exact metric counts run alone: OpenTelemetry subscribes to meters by name across the
/// whole process, so silos of tests running alongside would add their images to the counts.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SoloMetricsCollection
{
    public const string Name = "solo metrics";
}
