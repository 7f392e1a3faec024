using Fcan.Data.Shards;
using Fcan.Grains.Contracts;
using Fcan.Grains.Tests.Support;

namespace Fcan.Grains.Tests.Jobs;

/// <summary>A second job into an output that holds a manifest is a refresh: it renders only what changed, reuses the
/// rest, and writes the next manifest generation without touching the files of the one before.</summary>
public sealed class RefreshTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_refresh_renders_only_the_changed_item_reuses_untouched_shards_and_drops_a_deleted_item()
    {
        var renderer = new TestRenderer(TimeSpan.FromMilliseconds(5));
        await using var cluster = await ConversionCluster.StartAsync(renderer, silos: 2);
        var first = await RunAsync(cluster, "first", cluster.Spec(items: 10, shardSize: 3));
        var firstShards = await ShardReader.ReadManifestAsync(cluster.OutputStore, CancellationToken.None);
        renderer.ResetRenders();

        renderer.ChangeSource("item-00004");
        var second = await RunAsync(cluster, "second", cluster.Spec(items: 9, shardSize: 3));

        Assert.Equal(new Dictionary<string, int> { ["item-00004"] = 1 }, renderer.Renders);
        Assert.Equal((1, 2), (first.Generation, second.Generation));
        Assert.Equal((9L, 8L, 1L), (second.Progress.Done, second.Progress.Reused, second.Progress.Rendered));
        // Every key exactly once, every checksum right; item-00009 left the source and the output.
        Assert.Equal(NumberedCatalog.Keys(9), (await cluster.ReadShardsAsync()).Select(s => s.Sample.Key));
        var shards = await ShardReader.ReadManifestAsync(cluster.OutputStore, CancellationToken.None);
        Assert.Equal([firstShards[0], firstShards[2]], [shards[0], shards[2]]);
        Assert.Equal(ShardNames.ForJob("second", 1), shards[1].Name);
        Assert.Equal(3, shards.Count);
        // The first generation is kept whole: its manifest copy and every shard it lists.
        var kept = await ReadAsync(cluster, ShardNames.GenerationManifest(1));
        Assert.Equal(ManifestWriter.Serialize(firstShards), kept);
        foreach (var shard in firstShards)
            Assert.Equal(shard.Bytes, (await cluster.OutputStore.GetInfoAsync(shard.Name, CancellationToken.None))?.Length);
    }

    [Fact]
    public async Task A_changed_pool_version_or_force_re_renders_everything_into_new_shards()
    {
        var renderer = new TestRenderer(TimeSpan.FromMilliseconds(5));
        await using var cluster = await ConversionCluster.StartAsync(renderer, silos: 2);
        var spec = cluster.Spec(items: 7, shardSize: 3);
        await RunAsync(cluster, "v1", spec);
        renderer.ResetRenders();

        var newPool = await RunAsync(cluster, "v2", spec with { PoolVersion = 2 });

        Assert.Equal(NumberedCatalog.Keys(7), renderer.Renders.Keys.Order());
        Assert.Equal((7L, 0L), (newPool.Progress.Rendered, newPool.Progress.Reused));
        Assert.All(await ShardReader.ReadManifestAsync(cluster.OutputStore, CancellationToken.None),
            shard => Assert.StartsWith("shards/v2/", shard.Name));
        Assert.Equal(NumberedCatalog.Keys(7), (await cluster.ReadShardsAsync()).Select(s => s.Sample.Key));

        var unchanged = await RunAsync(cluster, "v2-again", spec with { PoolVersion = 2 });
        var forced = await RunAsync(cluster, "v2-forced", spec with { PoolVersion = 2, Force = true });

        Assert.Equal((0L, 7L), (unchanged.Progress.Rendered, unchanged.Progress.Reused));
        Assert.Equal((7L, 0L), (forced.Progress.Rendered, forced.Progress.Reused));
        Assert.Equal(4, forced.Generation);
        Assert.Equal(NumberedCatalog.Keys(7), (await cluster.ReadShardsAsync()).Select(s => s.Sample.Key));
    }

    [Fact]
    public async Task An_unreadable_earlier_shard_is_rendered_again_instead_of_copied()
    {
        var renderer = new TestRenderer(TimeSpan.FromMilliseconds(5));
        await using var cluster = await ConversionCluster.StartAsync(renderer, silos: 1);
        await RunAsync(cluster, "first", cluster.Spec(items: 6, shardSize: 3));
        await File.WriteAllTextAsync(Path.Combine(cluster.Output, ShardNames.ForIndex(0)), "not a tar");
        renderer.ResetRenders();

        renderer.ChangeSource("item-00001");
        var second = await RunAsync(cluster, "second", cluster.Spec(items: 6, shardSize: 3));

        Assert.Equal(["item-00000", "item-00001", "item-00002"], renderer.Renders.Keys.Order());
        Assert.Equal(3, second.Progress.Reused);
        Assert.Equal(NumberedCatalog.Keys(6), (await cluster.ReadShardsAsync()).Select(s => s.Sample.Key));
    }

    private static async Task<JobStatus> RunAsync(ConversionCluster cluster, string jobId, JobSpec spec)
    {
        await cluster.Job(jobId).Start(spec);
        var final = await cluster.WaitUntilFinalAsync(jobId, Timeout);
        Assert.True(final.State == JobState.Completed, $"{jobId}: {final.State} {final.Error}");
        return final;
    }

    private static async Task<byte[]> ReadAsync(ConversionCluster cluster, string name)
    {
        await using var stream = await cluster.OutputStore.OpenReadAsync(name, CancellationToken.None);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
