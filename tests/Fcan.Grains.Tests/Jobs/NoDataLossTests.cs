using System.Text;
using Fcan.Data.Shards;
using Fcan.Data.Storage;
using Fcan.Grains.Contracts;
using Fcan.Grains.Persistence;
using Fcan.Grains.Rendering;
using Fcan.Grains.Shards;
using Fcan.Grains.Sources;
using Fcan.Grains.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Fcan.Grains.Tests.Jobs;

/// <summary>The paths on which a job used to lose data or stall (issue 14): an empty or failing source, a refresh that
/// would shrink the dataset, state-store blips while listing, outages during rendering, an item a shard can't hold,
/// two jobs into one output, a manifest changed behind the job's back.</summary>
public sealed class NoDataLossTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_empty_source_fails_the_job_with_one_clear_line_and_writes_no_manifest()
    {
        await using var cluster = await ConversionCluster.StartAsync(new TestRenderer(TimeSpan.Zero));

        await cluster.Job("empty").Start(cluster.Spec(items: 0, shardSize: 5));
        var final = await cluster.WaitUntilFinalAsync("empty", Timeout);

        Assert.Equal(JobState.Failed, final.State);
        Assert.Equal("source items://0 holds no folder items (missing, empty or not mounted?); nothing was converted", final.Error);
        Assert.Null(await cluster.OutputStore.GetInfoAsync(ShardNames.Manifest, CancellationToken.None));
    }

    [Fact]
    public async Task A_refresh_from_an_emptied_source_fails_and_the_current_generation_stays()
    {
        await using var cluster = await ConversionCluster.StartAsync(new TestRenderer(TimeSpan.Zero));
        await cluster.Job("first").Start(cluster.Spec(items: 20, shardSize: 5));
        Assert.Equal(JobState.Completed, (await cluster.WaitUntilFinalAsync("first", Timeout)).State);
        var manifest = await ManifestBytesAsync(cluster);

        await cluster.Job("emptied").Start(cluster.Spec(items: 0, shardSize: 5));
        var final = await cluster.WaitUntilFinalAsync("emptied", Timeout);

        Assert.Equal(JobState.Failed, final.State);
        Assert.Contains("holds no folder items", final.Error);
        Assert.Equal(manifest, await ManifestBytesAsync(cluster));
        Assert.Equal(NumberedCatalog.Keys(20), (await cluster.ReadShardsAsync()).Select(s => s.Sample.Key));
    }

    [Fact]
    public async Task A_refresh_that_would_drop_more_than_a_tenth_of_the_items_fails_unless_shrinking_is_allowed()
    {
        await using var cluster = await ConversionCluster.StartAsync(new TestRenderer(TimeSpan.Zero));
        await cluster.Job("first").Start(cluster.Spec(items: 20, shardSize: 5));
        Assert.Equal(JobState.Completed, (await cluster.WaitUntilFinalAsync("first", Timeout)).State);
        var manifest = await ManifestBytesAsync(cluster);

        await cluster.Job("shrunk").Start(cluster.Spec(items: 17, shardSize: 5));
        var refused = await cluster.WaitUntilFinalAsync("shrunk", Timeout);

        Assert.Equal(JobState.Failed, refused.State);
        Assert.StartsWith("refresh would drop 3 of the 20 items of the current generation 1 (15%, more than 10%)", refused.Error);
        Assert.Contains("--allow-shrink", refused.Error);
        Assert.Equal(manifest, await ManifestBytesAsync(cluster));

        await cluster.Job("allowed").Start(cluster.Spec(items: 17, shardSize: 5) with { AllowShrink = true });
        Assert.Equal(JobState.Completed, (await cluster.WaitUntilFinalAsync("allowed", Timeout)).State);
        Assert.Equal(NumberedCatalog.Keys(17), (await cluster.ReadShardsAsync()).Select(s => s.Sample.Key));
    }

    [Fact]
    public async Task A_listing_that_fails_part_way_is_listed_again_and_loses_no_item()
    {
        var catalog = new ScriptedCatalog();
        catalog.FailNextListingAfter(7);
        catalog.FailNextListingAfter(13);
        await using var cluster = await ConversionCluster.StartAsync((services, _) =>
        {
            services.AddSingleton<IItemRenderer>(new TestRenderer(TimeSpan.Zero));
            services.AddSingleton<IDatasetCatalog>(catalog);
        });

        await cluster.Job("listing").Start(cluster.Spec(items: 30, shardSize: 4));
        var final = await cluster.WaitUntilFinalAsync("listing", Timeout);

        Assert.Equal(JobState.Completed, final.State);
        Assert.Equal(30, final.Progress.Done);
        Assert.Equal(NumberedCatalog.Keys(30), (await cluster.ReadShardsAsync()).Select(s => s.Sample.Key));
    }

    [Fact]
    public async Task A_state_store_blip_while_a_page_is_assigned_loses_no_item()
    {
        // The second shard's first write (its part of the first page) fails; the other shards' succeed.
        var plan = new FaultyGrainStorage.Plan().On("blip/1", 1, FaultyGrainStorage.Fault.Unavailable);
        await using var cluster = await StartWithFaultsAsync(plan);

        await cluster.Job("blip").Start(cluster.Spec(items: 30, shardSize: 4));
        var final = await cluster.WaitUntilFinalAsync("blip", Timeout);

        Assert.Equal(JobState.Completed, final.State);
        Assert.Equal(30, final.Progress.Done);
        Assert.Equal(NumberedCatalog.Keys(30), (await cluster.ReadShardsAsync()).Select(s => s.Sample.Key));
    }

    [Fact]
    public async Task A_job_whose_stored_state_moved_past_its_activation_reloads_and_completes()
    {
        // The job's second write (after listing) finds that another activation wrote its state meanwhile.
        var plan = new FaultyGrainStorage.Plan().On("moved", 2, FaultyGrainStorage.Fault.StaleActivation);
        await using var cluster = await StartWithFaultsAsync(plan);

        await cluster.Job("moved").Start(cluster.Spec(items: 12, shardSize: 4));
        // Polled: a progress stream ends with the activation that goes.
        var final = await cluster.WaitForAsync("moved", status => status.IsFinal, Timeout);

        Assert.Equal(JobState.Completed, final.State);
        Assert.Equal(NumberedCatalog.Keys(12), (await cluster.ReadShardsAsync()).Select(s => s.Sample.Key));
    }

    [Fact]
    public async Task Outages_while_rendering_are_retried_and_never_use_up_an_items_attempts()
    {
        var renderer = new OutageRenderer(new TestRenderer(TimeSpan.Zero), "item-00003", outages: 4);
        await using var cluster = await ConversionCluster.StartAsync(renderer);

        await cluster.Job("outage").Start(cluster.Spec(items: 10, shardSize: 5, maxAttempts: 2));
        var final = await cluster.WaitUntilFinalAsync("outage", Timeout);

        Assert.Equal(JobState.Completed, final.State);
        Assert.Equal((10, 0), (final.Progress.Done, final.Progress.Failed));
        Assert.Equal(NumberedCatalog.Keys(10), (await cluster.ReadShardsAsync()).Select(s => s.Sample.Key));
    }

    [Fact]
    public async Task An_item_a_shard_cannot_hold_never_stalls_the_job()
    {
        // A member name of 200 bytes: a ustar tar can't hold it. The item fails with the writer's reason or, once
        // shards can hold such names, converts; either way the job completes with every other item.
        var renderer = new LongNameRenderer(new TestRenderer(TimeSpan.Zero), "item-00002");
        await using var cluster = await ConversionCluster.StartAsync(renderer);

        await cluster.Job("long").Start(cluster.Spec(items: 6, shardSize: 3));
        var final = await cluster.WaitUntilFinalAsync("long", Timeout);

        Assert.Equal(JobState.Completed, final.State);
        var keys = (await cluster.ReadShardsAsync()).Select(s => s.Sample.Key).ToList();
        var failures = await cluster.Job("long").GetFailures(0, 10);
        Assert.Equal(NumberedCatalog.Keys(6).Except(failures.Select(f => f.ItemKey)), keys);
        Assert.All(failures, failure =>
        {
            Assert.Equal("item-00002", failure.ItemKey);
            Assert.StartsWith("item 'item-00002': can't be stored in a shard", failure.Reason);
        });
    }

    [Fact]
    public async Task A_second_job_into_the_output_of_an_active_job_is_refused_naming_that_job()
    {
        await using var cluster = await ConversionCluster.StartAsync(new TestRenderer(TimeSpan.FromMilliseconds(20)));
        await cluster.Job("holder").Start(cluster.Spec(items: 200, shardSize: 20));

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            cluster.Job("intruder").Start(cluster.Spec(items: 5, shardSize: 5)));

        Assert.Contains("is being written by job 'holder' (running)", refused.Message);
        Assert.Equal(JobState.Unknown, (await cluster.Job("intruder").GetStatus()).State);
        await cluster.Job("holder").Cancel();
        await cluster.Job("after").Start(cluster.Spec(items: 5, shardSize: 5));
        Assert.Equal(JobState.Completed, (await cluster.WaitUntilFinalAsync("after", Timeout)).State);
        var samples = await cluster.ReadShardsAsync();
        Assert.Equal(NumberedCatalog.Keys(5), samples.Select(s => s.Sample.Key));
        // The cancelled job's shards wrote nothing under the names the next job uses.
        Assert.All(samples, s => Assert.Equal(TestRenderer.ImageOf(s.Sample.Key), s.Sample.Members[0].Content));
    }

    [Fact]
    public async Task A_manifest_replaced_since_the_job_planned_is_left_as_it_is()
    {
        await using var cluster = await ConversionCluster.StartAsync(new TestRenderer(TimeSpan.FromMilliseconds(100)));
        await cluster.Job("first").Start(cluster.Spec(items: 10, shardSize: 5));
        Assert.Equal(JobState.Completed, (await cluster.WaitUntilFinalAsync("first", Timeout)).State);

        await cluster.Job("late").Start(cluster.Spec(items: 10, shardSize: 5) with { Force = true });
        // Another writer (an operator's restore, a job of another cluster) replaces the manifest meanwhile.
        var current = (await cluster.OutputStore.GetInfoAsync(ShardNames.Manifest, CancellationToken.None))!;
        var theirs = (await ManifestBytesAsync(cluster)).Split('\n')[0] + "\n";
        Assert.NotNull(await cluster.OutputStore.TryReplaceAsync(ShardNames.Manifest,
            new MemoryStream(Encoding.UTF8.GetBytes(theirs)), current.ETag, CancellationToken.None));
        var final = await cluster.WaitUntilFinalAsync("late", Timeout);

        Assert.Equal(JobState.Failed, final.State);
        Assert.Contains("manifest.jsonl: changed since this job planned its generation from it", final.Error);
        Assert.Equal(theirs, await ManifestBytesAsync(cluster));
    }

    [Fact]
    public void A_stale_shard_answer_never_overwrites_a_newer_one_and_a_written_shard_is_final()
    {
        var reports = new Fcan.Grains.Jobs.ShardReports();
        var written = new WrittenShard(0, "shards/shard-000000.tar", 10, 100, "sha");

        reports.Take(new ShardReport(0, new ShardCounts(5, 0, 0, 5, 0), written, Version: 7));
        reports.Take(new ShardReport(0, new ShardCounts(5, 5, 0, 0, 0), null, Version: 3));
        reports.Take(new ShardReport(1, new ShardCounts(5, 1, 0, 4, 0), null, Version: 4));
        reports.Take(new ShardReport(1, new ShardCounts(5, 2, 0, 3, 0), null, Version: 2));

        Assert.Equal((0L, 9L, 0L, 0L), reports.Sum());
        Assert.Equal([written], reports.AllWritten(1));
        Assert.Null(reports.AllWritten(2));
        Assert.Equal(1, reports.FindWork(0));
    }

    [Fact]
    public async Task A_shard_activation_that_storage_moved_past_answers_what_storage_holds_even_while_holding_a_lease()
    {
        // After a silo dies, Orleans' directory can briefly keep two activations of a shard: the job may go on calling
        // one that holds a dead worker's lease while the workers report to the other, which writes storage. The test
        // writes storage as that other activation would: both items done.
        await using var cluster = await ConversionCluster.StartAsync(new TestRenderer(TimeSpan.Zero), silos: 1);
        var key = ShardKey.For("stale", 0);
        var shard = cluster.Client.GetGrain<IJobShardGrain>(key);
        await shard.Assign(new ShardAssignment(cluster.Spec(items: 2, shardSize: 5), "shards/shard-000000.tar", 0,
            [new ShardItem("item-00000"), new ShardItem("item-00001")], SealedAfter: false));
        Assert.Single(await shard.Lease("worker-on-a-dead-silo", 1, TimeSpan.FromMinutes(10)));
        var storage = cluster.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Fcan);
        var grainId = GrainId.Create("jobshard", key);
        var stored = new GrainState<ShardState>();
        await storage.ReadStateAsync("shard", grainId, stored);
        foreach (var task in stored.State!.Tasks)
            task.Apply(new RenderOutcome(task.Key, Guid.NewGuid(), $"items/{task.Key}", "sha", null, false, "source-sha"),
                maxAttempts: 3, DateTimeOffset.UtcNow, _ => TimeSpan.Zero);
        stored.State.Version++;
        await storage.WriteStateAsync("shard", grainId, stored);

        var report = await shard.Reconcile(reload: true);

        Assert.Equal((0, 0, 2), (report.Counts.Pending, report.Counts.Leased, report.Counts.Done));
        Assert.Equal(stored.State.Version, report.Version);
    }

    private static async Task<string> ManifestBytesAsync(ConversionCluster cluster)
    {
        await using var stream = await cluster.OutputStore.OpenReadAsync(ShardNames.Manifest, CancellationToken.None);
        return await new StreamReader(stream).ReadToEndAsync();
    }

    private static Task<ConversionCluster> StartWithFaultsAsync(FaultyGrainStorage.Plan plan) =>
        ConversionCluster.StartAsync(new TestRenderer(TimeSpan.Zero), faults: storage => new FaultyGrainStorage(storage, plan));

    /// <summary>Fails one item's renders with an outage (an exception that is no render failure) a number of times.</summary>
    private sealed class OutageRenderer(IItemRenderer inner, string itemKey, int outages) : IItemRenderer
    {
        private readonly string itemKey = itemKey;
        private int left = outages;

        public IRenderSession Open(JobSpec spec, string device, CancellationToken cancellationToken) =>
            new Session(this, inner.Open(spec, device, cancellationToken));

        private sealed class Session(OutageRenderer renderer, IRenderSession inner) : IRenderSession
        {
            public IReadOnlyList<RenderedMember> Render(string key, CancellationToken cancellationToken) =>
                key == renderer.itemKey && Interlocked.Decrement(ref renderer.left) >= 0
                    ? throw new StorageException($"output store unreachable (injected) rendering '{key}'")
                    : inner.Render(key, cancellationToken);

            public string SourceSha256(string key, CancellationToken cancellationToken) => inner.SourceSha256(key, cancellationToken);

            public void Dispose() => inner.Dispose();
        }
    }

    /// <summary>Gives one item a member whose name is 200 bytes long.</summary>
    private sealed class LongNameRenderer(IItemRenderer inner, string itemKey) : IItemRenderer
    {
        private readonly string itemKey = itemKey;
        public IRenderSession Open(JobSpec spec, string device, CancellationToken cancellationToken) =>
            new Session(this, inner.Open(spec, device, cancellationToken));

        private sealed class Session(LongNameRenderer renderer, IRenderSession inner) : IRenderSession
        {
            public IReadOnlyList<RenderedMember> Render(string key, CancellationToken cancellationToken) =>
                key == renderer.itemKey
                    ? [.. inner.Render(key, cancellationToken), new RenderedMember(new string('x', 200 - key.Length - 1), [1, 2, 3])]
                    : inner.Render(key, cancellationToken);

            public string SourceSha256(string key, CancellationToken cancellationToken) => inner.SourceSha256(key, cancellationToken);

            public void Dispose() => inner.Dispose();
        }
    }
}
