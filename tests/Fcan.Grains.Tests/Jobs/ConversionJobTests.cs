using Fcan.Data.Shards;
using Fcan.Grains.Contracts;
using Fcan.Grains.Tests.Support;

namespace Fcan.Grains.Tests.Jobs;

/// <summary>Conversion jobs on a 3-silo in-process cluster, judged by the shards and manifest they write.</summary>
public sealed class ConversionJobTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_job_writes_every_item_once_into_shards_in_listing_order_and_the_manifest_last()
    {
        var renderer = new TestRenderer(TimeSpan.FromMilliseconds(5));
        await using var cluster = await ConversionCluster.StartAsync(renderer);

        await cluster.Job("plain").Start(cluster.Spec(items: 45, shardSize: 10));
        var final = await cluster.WaitUntilFinalAsync("plain", Timeout);

        Assert.Equal(JobState.Completed, final.State);
        Assert.Equal(45, final.Progress.Done);
        Assert.Equal(5, final.ShardsWritten);
        var samples = await cluster.ReadShardsAsync();
        Assert.Equal(NumberedCatalog.Keys(45), samples.Select(s => s.Sample.Key));
        Assert.All(samples, s => Assert.Equal(
            [new ShardMember($"{s.Sample.Key}.png", TestRenderer.ImageOf(s.Sample.Key)), new ShardMember($"{s.Sample.Key}.json", "{}"u8.ToArray())],
            s.Sample.Members, (a, b) => a.Name == b.Name && a.Content.AsSpan().SequenceEqual(b.Content)));
        Assert.Equal(ShardNames.ForIndex(4), samples[^1].Shard);
        // Only shards, the manifest, the shard list and the generation's copies and index remain: the items' staging
        // outputs are gone.
        Assert.Equal([ShardNames.Manifest, ShardNames.GenerationIndex(1), ShardNames.GenerationManifest(1),
                ShardNames.GenerationShardList(1), ShardNames.ShardList, .. Enumerable.Range(0, 5).Select(ShardNames.ForIndex)],
            await cluster.OutputStore.ListAsync("", CancellationToken.None).Select(b => b.Name).ToListAsync());
    }

    [Fact]
    public async Task Killing_a_silo_mid_job_still_completes_every_item_exactly_once()
    {
        var renderer = new TestRenderer(TimeSpan.FromMilliseconds(100));
        await using var cluster = await ConversionCluster.StartAsync(renderer, leaseDuration: TimeSpan.FromSeconds(2));

        await cluster.Job("crash").Start(cluster.Spec(items: 60, shardSize: 8));
        await cluster.WaitForAsync("crash", s => s.Progress.Done >= 10, Timeout);
        await cluster.Cluster.KillSiloAsync(cluster.Cluster.Silos[1]);
        var final = await cluster.WaitUntilFinalAsync("crash", Timeout);

        Assert.Equal(JobState.Completed, final.State);
        var samples = await cluster.ReadShardsAsync();
        Assert.Equal(NumberedCatalog.Keys(60), samples.Select(s => s.Sample.Key));
        Assert.All(samples, s => Assert.Equal(TestRenderer.ImageOf(s.Sample.Key), s.Sample.Members[0].Content));
    }

    [Fact]
    public async Task A_job_continues_by_itself_from_persisted_state_after_the_whole_cluster_restarts()
    {
        var renderer = new TestRenderer(TimeSpan.FromMilliseconds(50));
        var folder = Directory.CreateTempSubdirectory("fcan-grains-").FullName;
        try
        {
            await using (var first = await ConversionCluster.StartAsync(renderer, folder: folder))
            {
                await first.Job("restart").Start(first.Spec(items: 60, shardSize: 10));
                await first.WaitForAsync("restart", s => s.Progress.Done >= 15, Timeout);
            }
            await using var second = await ConversionCluster.StartAsync(renderer, folder: folder);

            // Nothing starts the job again: workers find it in the catalog, which activates it and its pump.
            var final = await second.WaitForAsync("restart", s => s.IsFinal, Timeout);

            Assert.Equal(JobState.Completed, final.State);
            Assert.Equal(NumberedCatalog.Keys(60), (await second.ReadShardsAsync()).Select(s => s.Sample.Key));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_paused_job_hands_out_no_work_until_resumed()
    {
        var renderer = new TestRenderer(TimeSpan.FromMilliseconds(20));
        await using var cluster = await ConversionCluster.StartAsync(renderer);
        var job = cluster.Job("pause");

        await job.Start(cluster.Spec(items: 200, shardSize: 20));
        await cluster.WaitForAsync("pause", s => s.Progress.Done >= 5, Timeout);
        Assert.Equal(JobState.Paused, (await job.Pause()).State);
        var drained = await cluster.WaitForAsync("pause", s => s.Progress.Leased == 0, Timeout);
        var rendersWhenDrained = renderer.Renders.Values.Sum();
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Equal(rendersWhenDrained, renderer.Renders.Values.Sum());
        Assert.True(drained.Progress.Pending > 0);
        Assert.Equal(JobState.Running, (await job.Resume()).State);
        var final = await cluster.WaitUntilFinalAsync("pause", Timeout);
        Assert.Equal(JobState.Completed, final.State);
        Assert.Equal(200, final.Progress.Done);
    }

    [Fact]
    public async Task A_cancelled_job_stops_and_writes_no_manifest()
    {
        var renderer = new TestRenderer(TimeSpan.FromMilliseconds(20));
        await using var cluster = await ConversionCluster.StartAsync(renderer);
        var job = cluster.Job("cancel");

        await job.Start(cluster.Spec(items: 300, shardSize: 50));
        await cluster.WaitForAsync("cancel", s => s.Progress.Done >= 5, Timeout);
        var cancelled = await job.Cancel();

        Assert.Equal(JobState.Cancelled, cancelled.State);
        Assert.NotNull(cancelled.FinishedAt);
        Assert.Equal(JobState.Cancelled, (await cluster.WaitUntilFinalAsync("cancel", Timeout)).State);
        Assert.Empty(await cluster.Client.GetGrain<IJobCatalogGrain>(0).ActiveJobs());
        Assert.Null(await cluster.OutputStore.GetInfoAsync(ShardNames.Manifest, CancellationToken.None));
    }

    [Fact]
    public async Task Poisoned_items_end_failed_with_their_reason_and_the_job_completes_without_them()
    {
        var poisoned = new HashSet<string> { "item-00003", "item-00017" };
        var renderer = new TestRenderer(TimeSpan.Zero, poisoned);
        await using var cluster = await ConversionCluster.StartAsync(renderer);

        await cluster.Job("poison").Start(cluster.Spec(items: 25, shardSize: 10, maxAttempts: 2));
        var final = await cluster.WaitUntilFinalAsync("poison", Timeout);
        var failures = await cluster.Job("poison").GetFailures(0, 100);

        Assert.Equal(JobState.Completed, final.State);
        Assert.Equal(23, final.Progress.Done);
        Assert.Equal(2, final.Progress.Failed);
        Assert.Equal(poisoned.Order(), failures.Select(f => f.ItemKey));
        Assert.All(failures, f =>
        {
            Assert.Equal(2, f.Attempts);
            Assert.Equal($"item '{f.ItemKey}': loss became NaN at iteration 3", f.Reason);
        });
        var samples = await cluster.ReadShardsAsync();
        Assert.Equal(NumberedCatalog.Keys(25).Except(poisoned), samples.Select(s => s.Sample.Key));
    }
}
