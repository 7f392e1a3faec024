using Fcan.Engine.Checkpoints;

namespace Fcan.Engine.Ran.Checkpoints;

/// <summary>
/// A checkpoint's description (checkpoint.json): which backbone, which settings, how far, and the blob that holds
/// its tensors (both networks' state dicts and both momentum buffers, safetensors). With the seed in
/// <paramref name="Settings"/> and the step, that is all a trainer needs to continue exactly where it stopped.
/// </summary>
public sealed record RanCheckpoint(
    int Format,
    string Backbone,
    int Classes,
    int Step,
    RanSettings Settings,
    string TensorsBlob,
    string Source,
    string Target,
    RanLosses? LastLosses) : ICheckpoint
{
    public const int CurrentFormat = 1;
}
