namespace Fcan.Grains.Training;

/// <summary>Places a grain on the silo its key names (<see cref="TrainerKey"/>), and nowhere else: a trainer owns its
/// silo's device, so once that silo is gone the trainer is gone too rather than silently moving.</summary>
[Serializable, GenerateSerializer, Immutable, Alias("fcan.silo-pinned-placement")]
public sealed class SiloPinnedPlacement : PlacementStrategy;
