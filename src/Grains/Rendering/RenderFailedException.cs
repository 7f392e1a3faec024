namespace Fcan.Grains.Rendering;

/// <summary>An item that cannot be rendered (corrupt, wrong size, NaN loss); the message is one line naming it.</summary>
/// <param name="retryable">False when another attempt would fail the same way (e.g. a corrupt file).</param>
public sealed class RenderFailedException(string message, bool retryable) : Exception(message)
{
    public bool Retryable { get; } = retryable;
}
