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

    [Fact]
    public async Task Each_refresh_converts_only_the_changed_image_and_the_schedule_survives_a_silo_restart()
    {
        var renderer = new TestRenderer(TimeSpan.FromMilliseconds(5));
        var folder = Directory.CreateTempSubdirectory("fcan-grains-").FullName;
        try
        {
            await using (var cluster = await ConversionCluster.StartAsync(renderer, silos: 1, folder: folder, fileReminders: true))
            {
                var schedule = cluster.Client.GetGrain<IScheduleGrain>("hourly");
                var set = DateTimeOffset.UtcNow;
                await schedule.Set(TimeSpan.FromSeconds(2), cluster.Spec(items: 6, shardSize: 3));
                await WaitForCompletedRunAsync(cluster, schedule, startedAfter: set);
                Assert.Equal(NumberedCatalog.Keys(6).ToDictionary(key => key, _ => 1), renderer.Renders);
                renderer.ResetRenders();

                var changed = DateTimeOffset.UtcNow;
                renderer.ChangeSource("item-00002");
                var refresh = await WaitForCompletedRunAsync(cluster, schedule, startedAfter: changed);

                // A refresh that was already running when the source changed may be the one that renders it;
                // either way the change is rendered once and nothing else is.
                Assert.Equal(new Dictionary<string, int> { ["item-00002"] = 1 }, renderer.Renders);
                Assert.True(refresh.Progress.Reused >= 5, $"{refresh.Progress}");
            }
            renderer.ResetRenders();
            var restart = DateTimeOffset.UtcNow;
            renderer.ChangeSource("item-00005");

            // A new cluster on the same files: nothing sets the schedule again, its reminder fires by itself.
            await using var restarted = await ConversionCluster.StartAsync(renderer, silos: 1, folder: folder, fileReminders: true);
            var afterRestart = await WaitForCompletedRunAsync(restarted, restarted.Client.GetGrain<IScheduleGrain>("hourly"),
                startedAfter: restart);

            Assert.Equal(new Dictionary<string, int> { ["item-00005"] = 1 }, renderer.Renders);
            Assert.True(afterRestart.Progress.Reused >= 5, $"{afterRestart.Progress}");
            Assert.Equal(NumberedCatalog.Keys(6), (await restarted.ReadShardsAsync()).Select(s => s.Sample.Key));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
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

    /// <summary>Waits until the schedule's latest refresh started after <paramref name="startedAfter"/> and completed.</summary>
    private static async Task<JobStatus> WaitForCompletedRunAsync(ConversionCluster cluster, IScheduleGrain schedule,
        DateTimeOffset startedAfter)
    {
        using var cancel = new CancellationTokenSource(Timeout);
        while (true)
        {
            if (await schedule.Get(cancel.Token) is { LastJobId: { } jobId, LastRun: { } run } && run > startedAfter
                && await cluster.Job(jobId).GetStatus(cancel.Token) is { IsFinal: true } status)
            {
                Assert.True(status.State == JobState.Completed, $"{jobId}: {status.State} {status.Error}");
                return status;
            }
            await Task.Delay(100, cancel.Token);
        }
    }
}
