using Fcan.Engine.Checkpoints;

namespace Fcan.Engine.Adapter;

/// <summary>
/// An adapter training's checkpoint (checkpoint.json): its settings, origin and step, and the blob holding the
/// adapter's weights and Adam's moments (safetensors). With the style statistics stored beside it, that is all a
/// trainer needs to continue exactly where it stopped.
/// </summary>
public sealed record AdapterCheckpoint(
    int Format,
    int Step,
    AdapterSettings Settings,
    AdapterOrigin Origin,
    string TensorsBlob,
    AdapterLosses? LastLosses) : ICheckpoint
{
    public const int CurrentFormat = 1;
}
