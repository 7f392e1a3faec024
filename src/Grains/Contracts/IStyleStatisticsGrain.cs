namespace Fcan.Grains.Contracts;

/// <summary>Computes the style statistics of a few pool images on whichever silo it lands (placement is random, so a
/// pool's chunks spread over the cluster). Returns the statistics in Engine's StyleStatistics format.</summary>
public interface IStyleStatisticsGrain : IGrainWithGuidKey
{
    [ResponseTimeout("00:30:00")]
    Task<byte[]> Compute(IReadOnlyList<string> images, ImageSize? size, CancellationToken cancellationToken = default);
}
