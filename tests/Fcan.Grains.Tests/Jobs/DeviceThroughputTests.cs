using Fcan.Grains.Contracts;
using Fcan.Grains.Tests.Support;

namespace Fcan.Grains.Tests.Jobs;

/// <summary>Device workers report their rendering rate, which `fcan cluster status` shows.</summary>
public sealed class DeviceThroughputTests
{
    [Fact]
    public async Task A_rendering_worker_reports_images_per_hour()
    {
        await using var cluster = await ConversionCluster.StartAsync(new TestRenderer(TimeSpan.FromMilliseconds(100)), silos: 1);
        await cluster.Job("rate").Start(cluster.Spec(items: 80, shardSize: 20));
        var status = cluster.Client.GetGrain<IClusterStatusGrain>(0);

        var deadline = DateTime.UtcNow.AddMinutes(1);
        double seen = 0;
        while (seen == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            seen = (await status.GetStatus()).Silos.SelectMany(s => s.Devices).Max(d => d.ImagesPerHour);
        }

        // 100 ms per item: at most 36,000 an hour, well above zero however slow the machine.
        Assert.InRange(seen, 1, 36_000 * 1.5);
    }
}
