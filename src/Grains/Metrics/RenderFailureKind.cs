namespace Fcan.Grains.Metrics;

/// <summary>Why a render attempt failed, as the failures counter groups it.</summary>
public enum RenderFailureKind
{
    /// <summary>The item itself is unusable (corrupt, missing): never retried.</summary>
    BadItem,

    /// <summary>The render went wrong (e.g. the loss diverged): retried.</summary>
    Render,

    /// <summary>Storage or device trouble: retried.</summary>
    Infrastructure,
}
