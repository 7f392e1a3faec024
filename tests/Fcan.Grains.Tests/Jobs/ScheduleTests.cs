using Fcan.Grains.Contracts;
using Fcan.Grains.Tests.Support;

namespace Fcan.Grains.Tests.Jobs;

/// <summary>Schedules on an in-process cluster whose reminders allow second-long periods.</summary>
public sealed class ScheduleTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_schedule_fires_by_itself_and_its_refresh_job_converts_the_source()
    {
        var renderer = new TestRenderer(TimeSpan.FromMilliseconds(5));
        await using var cluster = await ConversionCluster.StartAsync(renderer, silos: 1);
        var schedule = cluster.Client.GetGrain<IScheduleGrain>("nightly");

        await schedule.Set(TimeSpan.FromSeconds(2), cluster.Spec(items: 12, shardSize: 5));
        var fired = await WaitForRunAsync(schedule);
        var final = await cluster.WaitUntilFinalAsync(fired.LastJobId!, Timeout);

        Assert.Equal(JobState.Completed, final.State);
        Assert.Equal(NumberedCatalog.Keys(12), (await cluster.ReadShardsAsync()).Select(s => s.Sample.Key));
        Assert.Equal(["nightly"], await cluster.Client.GetGrain<IScheduleCatalogGrain>(0).List());
    }

    [Fact]
    public async Task A_refresh_is_skipped_while_the_previous_one_still_writes_the_output()
    {
        var renderer = new TestRenderer(TimeSpan.FromMilliseconds(200));
        await using var cluster = await ConversionCluster.StartAsync(renderer, silos: 1);
        var schedule = cluster.Client.GetGrain<IScheduleGrain>("busy");

        await schedule.Set(TimeSpan.FromSeconds(1), cluster.Spec(items: 20, shardSize: 5));
        var first = (await WaitForRunAsync(schedule)).LastJobId!;
        using var cancel = new CancellationTokenSource(Timeout);
        while (true)
        {
            // The schedule is read before the job, so a later job can only be seen once the first was final.
            var latest = (await schedule.Get())!.LastJobId;
            if ((await cluster.Job(first).GetStatus()).IsFinal) break;
            Assert.Equal(first, latest);
            await Task.Delay(100, cancel.Token);
        }
    }

    [Fact]
    public async Task A_removed_schedule_is_gone_from_the_catalog_and_a_period_below_the_minimum_is_refused()
    {
        await using var cluster = await ConversionCluster.StartAsync(new TestRenderer(TimeSpan.Zero), silos: 1);
        var schedule = cluster.Client.GetGrain<IScheduleGrain>("gone");
        await schedule.Set(TimeSpan.FromMinutes(5), cluster.Spec(items: 3, shardSize: 5));

        Assert.True(await schedule.Remove());

        Assert.Null(await schedule.Get());
        Assert.Empty(await cluster.Client.GetGrain<IScheduleCatalogGrain>(0).List());
        Assert.False(await schedule.Remove());
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => schedule.Set(TimeSpan.FromMilliseconds(10), cluster.Spec(items: 3, shardSize: 5)));
        Assert.Contains("at least", refused.Message);
    }

    private static async Task<ScheduleInfo> WaitForRunAsync(IScheduleGrain schedule)
    {
        using var cancel = new CancellationTokenSource(Timeout);
        while (true)
        {
            if (await schedule.Get(cancel.Token) is { LastJobId: not null } fired) return fired;
            await Task.Delay(100, cancel.Token);
        }
    }
}
