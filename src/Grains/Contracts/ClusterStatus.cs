namespace Fcan.Grains.Contracts;

/// <summary>The cluster as `fcan cluster status` shows it: silos, their devices and what each is doing.</summary>
[GenerateSerializer, Immutable, Alias("fcan.cluster-status")]
public sealed record ClusterStatus(IReadOnlyList<SiloInfo> Silos, IReadOnlyList<string> ActiveJobs);
