using System.Text.Json;
using Fcan.Data.Shards;

namespace Fcan.Data.Tests.Storage;

/// <summary>Manifest generations, on every backend: which one is current, and that one never overwrites another.</summary>
public abstract partial class BlobStoreContract
{
    [Fact]
    public async Task TheCurrentGenerationIsTheNewestWhoseManifestIsManifestJsonl()
    {
        Assert.Null(await OutputGenerations.FindCurrentAsync(Store, TestTimeout.Token));
        Assert.Equal(1, await OutputGenerations.NextNumberAsync(Store, TestTimeout.Token));
        var shard = await ShardWriter.WriteAsync(Store, 0, Samples(2), TestTimeout.Token);
        var first = Generation(1, "recipe-a", shard);
        await OutputGenerations.PublishAsync(Store, first, null, TestTimeout.Token);
        await OutputGenerations.PublishAsync(Store, first, null, TestTimeout.Token);

        var current = await OutputGenerations.FindCurrentAsync(Store, TestTimeout.Token);
        Assert.Equal(1, current?.Number);
        Assert.Equal(first.Shards.Single().Samples, current?.Index?.Shards.Single().Samples);
        Assert.Equal("recipe-a", current?.Index?.Recipe);

        // An unchanged refresh lists the same shard: the same manifest, and the newer generation is the current one.
        await OutputGenerations.PublishAsync(Store, Generation(2, "recipe-a", shard), null, TestTimeout.Token);

        Assert.Equal(2, (await OutputGenerations.FindCurrentAsync(Store, TestTimeout.Token))?.Number);
        Assert.Equal(3, await OutputGenerations.NextNumberAsync(Store, TestTimeout.Token));
        Assert.Equal(["s0000", "s0001"], await ShardReader.VerifyAsync(Store, TestTimeout.Token));
        await using var list = await Store.OpenReadAsync(ShardNames.ShardList, TestTimeout.Token);
        var entry = JsonDocument.Parse(list).RootElement.GetProperty("shardlist").EnumerateArray().Single();
        Assert.Equal((shard.Name, 2), (entry.GetProperty("url").GetString(), entry.GetProperty("nsamples").GetInt32()));
    }

    [Fact]
    public async Task ASecondJobPublishingTheSameGenerationNumberFailsAndChangesNothing()
    {
        var shard = await ShardWriter.WriteAsync(Store, 0, Samples(2), TestTimeout.Token);
        var other = await ShardWriter.WriteAsync(Store, "shards/other/shard-000000.tar", Samples(1), TestTimeout.Token);
        await OutputGenerations.PublishAsync(Store, Generation(1, "recipe-a", shard), null, TestTimeout.Token);

        var error = await Assert.ThrowsAsync<ShardVerificationException>(() =>
            OutputGenerations.PublishAsync(Store, Generation(1, "recipe-b", other) with { JobId = "other" }, null, TestTimeout.Token));

        Assert.Contains("generation-000001.index.json", error.Message);
        Assert.Equal(["s0000", "s0001"], await ShardReader.VerifyAsync(Store, TestTimeout.Token));
    }

    [Fact]
    public async Task AGenerationReplacesOnlyTheManifestItWasPlannedFromNeverANewerOne()
    {
        var shard = await ShardWriter.WriteAsync(Store, 0, Samples(2), TestTimeout.Token);
        var other = await ShardWriter.WriteAsync(Store, "shards/other/shard-000000.tar", Samples(1), TestTimeout.Token);
        var late = await ShardWriter.WriteAsync(Store, "shards/late/shard-000000.tar", Samples(3), TestTimeout.Token);
        await OutputGenerations.PublishAsync(Store, Generation(1, "recipe-a", shard), null, TestTimeout.Token);
        var planned = (await Store.GetInfoAsync(ShardNames.Manifest, TestTimeout.Token))!.ETag;
        await OutputGenerations.PublishAsync(Store, Generation(2, "recipe-a", other), planned, TestTimeout.Token);

        // Generation 3 was planned from generation 1's manifest, which generation 2 has replaced meanwhile.
        var error = await Assert.ThrowsAsync<ShardVerificationException>(() =>
            OutputGenerations.PublishAsync(Store, Generation(3, "recipe-a", late), planned, TestTimeout.Token));

        Assert.Contains("manifest.jsonl", error.Message);
        Assert.Equal(2, (await OutputGenerations.FindCurrentAsync(Store, TestTimeout.Token))?.Number);
    }

    [Fact]
    public async Task AManifestWrittenBeforeGenerationsIsGenerationZeroWithoutAnIndex()
    {
        var shard = await ShardWriter.WriteAsync(Store, 0, Samples(1), TestTimeout.Token);
        await ManifestWriter.WriteAsync(Store, [shard], TestTimeout.Token);

        Assert.Equal(new CurrentGeneration(0, null), await OutputGenerations.FindCurrentAsync(Store, TestTimeout.Token));
        Assert.Equal(1, await OutputGenerations.NextNumberAsync(Store, TestTimeout.Token));
    }

    private static GenerationIndex Generation(int number, string recipe, ShardRecord shard) =>
        new(number, "job", recipe,
            [new IndexedShard(shard, Enumerable.Range(0, shard.Members / 3).Select(i => new IndexedSample($"s{i:D4}", $"sha-{i}")).ToList())]);
}
