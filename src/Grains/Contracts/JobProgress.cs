namespace Fcan.Grains.Contracts;

/// <summary>Item counts of a job and its measured speed.</summary>
/// <param name="Total">Items listed so far (final once <paramref name="SourceListed"/> is true).</param>
/// <param name="Pending">Waiting for a device.</param>
/// <param name="Leased">Being rendered right now.</param>
/// <param name="Done">Rendered and stored, or reused unchanged from the output's previous generation.</param>
/// <param name="Failed">Gave up after the attempt limit; see the job's failures.</param>
/// <param name="SourceListed">True once the whole source listing has been taken in.</param>
/// <param name="ImagesPerSecond">Recent completion rate.</param>
/// <param name="Eta">Estimated time left; null while unknown.</param>
/// <param name="Reused">Of <paramref name="Done"/>, the items whose source, settings and pool version were unchanged
/// since the previous generation: their earlier output was reused, not re-rendered.</param>
[GenerateSerializer, Immutable, Alias("fcan.job-progress")]
public sealed record JobProgress(
    long Total,
    long Pending,
    long Leased,
    long Done,
    long Failed,
    bool SourceListed,
    double ImagesPerSecond,
    TimeSpan? Eta,
    long Reused = 0)
{
    public static JobProgress Empty { get; } = new(0, 0, 0, 0, 0, false, 0, null);

    /// <summary>Items that reached a final state.</summary>
    public long Finished => Done + Failed;

    /// <summary>Items rendered by this job (done and not reused).</summary>
    public long Rendered => Done - Reused;
}
