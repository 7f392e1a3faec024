namespace Fcan.Grains.Contracts;

/// <summary>One silo of the cluster with its devices.</summary>
/// <param name="Address">The silo's address.</param>
/// <param name="Name">The silo's name.</param>
/// <param name="Status">Orleans' membership status ("Active", "ShuttingDown", ...).</param>
/// <param name="Devices">Its device workers.</param>
[GenerateSerializer, Immutable, Alias("fcan.silo-info")]
public sealed record SiloInfo(string Address, string Name, string Status, IReadOnlyList<DeviceStatus> Devices);
