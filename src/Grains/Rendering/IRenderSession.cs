namespace Fcan.Grains.Rendering;

/// <summary>Rendering for one job on one device thread: holds what every item of the job shares (the pool's
/// statistics, the feature network, the opened source). Used and disposed only on the thread that opened it,
/// because TorchSharp dispose scopes are per thread.</summary>
public interface IRenderSession : IDisposable
{
    /// <summary>Loads the item from the job's source and renders it. Throws <see cref="RenderFailedException"/>
    /// for a bad item (the reason names it); other exceptions are treated as retryable.</summary>
    IReadOnlyList<RenderedMember> Render(string itemKey, CancellationToken cancellationToken);

    /// <summary>Starts loading an item a later <see cref="Render"/> will ask for on another thread, so reading and
    /// decoding it overlaps the current render. Optional: a session may ignore it.</summary>
    void Prefetch(string itemKey, CancellationToken cancellationToken)
    {
    }

    /// <summary>Names the items of the worker's lease batch that later calls will ask for and that must be rendered (a
    /// refresh may find the others unchanged), before <see cref="Render"/> is asked for the current one: a session
    /// that adapts several images in one pass renders them together with it. Optional: a session may ignore it.</summary>
    void RenderNext(IReadOnlyList<string> itemKeys)
    {
    }

    /// <summary>Loads the item and returns the sha256 of its source files (image, then label), so a refresh can tell
    /// an unchanged item without rendering it; a <see cref="Render"/> of the same item next does not load it again.
    /// Throws like <see cref="Render"/> for a bad item.</summary>
    string SourceSha256(string itemKey, CancellationToken cancellationToken);
}
