using Fcan.Grains.Contracts;
using Fcan.Grains.Tests.Support;

namespace Fcan.Grains.Tests.Hosting;

/// <summary>A silo stopped gracefully in the middle of a job hands its unrendered leases back at once, so the other
/// silos finish the job long before those leases could have expired.</summary>
public sealed class GracefulShutdownTests
{
    // Far longer than the test's patience: only a hand-back, never an expiry, can free these leases in time.
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_silo_stopped_mid_job_releases_its_leases_and_the_others_finish_every_item()
    {
        var renderer = new TestRenderer(TimeSpan.FromMilliseconds(200));
        await using var cluster = await ConversionCluster.StartAsync(renderer, leaseDuration: LeaseDuration);
        var stopping = cluster.Cluster.Silos[1];

        await cluster.Job("graceful").Start(cluster.Spec(items: 96, shardSize: 8));
        await WaitUntilRenderingAsync(cluster, stopping.SiloAddress.ToString(), "graceful");
        await cluster.Cluster.StopSiloAsync(stopping);
        var final = await cluster.WaitUntilFinalAsync("graceful", Patience);

        Assert.Equal(JobState.Completed, final.State);
        Assert.Equal(96, final.Progress.Done);
        Assert.Equal(NumberedCatalog.Keys(96), (await cluster.ReadShardsAsync()).Select(s => s.Sample.Key));
    }

    private static async Task WaitUntilRenderingAsync(ConversionCluster cluster, string silo, string jobId)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var status = cluster.Client.GetGrain<IClusterStatusGrain>(0);
        while (!(await status.GetStatus(timeout.Token)).Silos
                   .SelectMany(s => s.Devices)
                   .Any(d => d.Silo == silo && d.Activity == DeviceActivity.Rendering && d.JobId == jobId))
            await Task.Delay(TimeSpan.FromMilliseconds(50), timeout.Token);
    }
}
