using Fcan.Engine.Aan;

namespace Fcan.Engine.Tests.Aan;

public class AanBatchPlannerTests
{
    [Theory]
    [InlineData(10L << 30, 1L << 30, 64, 9)]   // 85% of 10 GiB holds 8 more 1 GiB images beside the one in use
    [InlineData(10L << 30, 1L << 30, 4, 4)]    // never more than there are images
    [InlineData(0L, 1L << 30, 8, 1)]           // one always fits: it just rendered
    [InlineData(1L << 30, 0L, 8, 8)]           // nothing measured: no memory limit seen
    public void FitsTheBatchInFreeMemory(long free, long perImage, int limit, int expected) =>
        Assert.Equal(expected, AanBatchPlanner.Fit(free, perImage, limit));
}
