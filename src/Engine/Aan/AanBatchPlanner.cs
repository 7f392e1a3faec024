namespace Fcan.Engine.Aan;

/// <summary>How many same-size images one AAN step can take on a GPU, from the free device memory and what one
/// image's render was seen to take (its activations, gradients and workspaces grow linearly with the batch).</summary>
public static class AanBatchPlanner
{
    /// <summary>The share of the free memory a batch may fill: the rest absorbs allocator fragmentation.</summary>
    public const double Headroom = 0.85;

    /// <param name="freeBytes">Device memory still free after one image's render (so that image's share is already in use).</param>
    /// <param name="bytesPerImage">Device memory one image's render took.</param>
    /// <param name="limit">The most images there are to batch.</param>
    public static int Fit(long freeBytes, long bytesPerImage, int limit)
    {
        if (limit < 1) throw new ArgumentOutOfRangeException(nameof(limit), limit, "at least one image");
        var more = bytesPerImage <= 0 ? limit : (long)(Math.Max(0, freeBytes) * Headroom / bytesPerImage);
        return (int)Math.Min(limit, 1 + more);
    }
}
