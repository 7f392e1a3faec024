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
}
