using Orleans.Placement;

namespace Fcan.Grains.Training;

/// <summary>Marks a grain class for <see cref="SiloPinnedPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SiloPinnedPlacementAttribute() : PlacementAttribute(new SiloPinnedPlacement());
