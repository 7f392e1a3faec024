using System.Text;
using Fcan.Data.Storage;

namespace Fcan.Data.Tests.Storage;

/// <summary>The storage contract every backend must keep; each backend's test class runs all of it.</summary>
public abstract partial class BlobStoreContract
{
    protected abstract IBlobStore Store { get; }

    private static CancellationToken Ct => TestTimeout.Token;

    [Fact]
    public async Task CreateOnlyWriteIsReadBackWithItsSizeAndETag()
    {
        var created = await Store.TryCreateAsync("a/b.bin", Bytes("hello"), Ct);

        Assert.NotNull(created);
        Assert.Equal(5, created.Length);
        var info = await Store.GetInfoAsync("a/b.bin", Ct);
        Assert.Equal(created, info);
        Assert.Equal("hello", await ReadTextAsync("a/b.bin"));
    }

    [Fact]
    public async Task SecondCreateOnlyWriteIsRefusedAndTheFirstContentStays()
    {
        Assert.NotNull(await Store.TryCreateAsync("x.txt", Bytes("first"), Ct));

        Assert.Null(await Store.TryCreateAsync("x.txt", Bytes("second"), Ct));
        Assert.Equal("first", await ReadTextAsync("x.txt"));
    }

    [Fact]
    public async Task ReplaceSucceedsOnlyAgainstTheCurrentETag()
    {
        var first = (await Store.TryCreateAsync("m.json", Bytes("v1"), Ct))!;
        var second = await Store.TryReplaceAsync("m.json", Bytes("v2"), first.ETag, Ct);
        Assert.NotNull(second);
        Assert.NotEqual(first.ETag, second.ETag);

        Assert.Null(await Store.TryReplaceAsync("m.json", Bytes("v3"), first.ETag, Ct));
        Assert.Null(await Store.TryReplaceAsync("m.json", Bytes("v3"), null, Ct));
        Assert.Null(await Store.TryReplaceAsync("missing.json", Bytes("v1"), second.ETag, Ct));
        Assert.Equal("v2", await ReadTextAsync("m.json"));
    }

    [Fact]
    public async Task SameSizeReplacesInQuickSuccessionGetDistinctETags()
    {
        var etag = (await Store.TryCreateAsync("n.txt", Bytes("0"), Ct))!.ETag;
        var seen = new HashSet<string> { etag };
        for (var i = 1; i < 10; i++)
        {
            etag = (await Store.TryReplaceAsync("n.txt", Bytes($"{i}"), etag, Ct))!.ETag;
            Assert.True(seen.Add(etag), $"ETag {etag} repeated");
        }
    }

    [Fact]
    public async Task ConcurrentCreateOnlyWritersExactlyOneWins()
    {
        var writers = Enumerable.Range(0, 12)
            .Select(i => Task.Run(() => Store.TryCreateAsync("race.txt", Bytes($"writer {i}"), Ct), Ct));
        var results = await Task.WhenAll(writers);

        var winners = results.Select((info, writer) => (info, writer)).Where(r => r.info != null).ToList();
        Assert.Single(winners);
        Assert.Equal($"writer {winners[0].writer}", await ReadTextAsync("race.txt"));
    }

    [Fact]
    public async Task ConcurrentConditionalReplacesExactlyOneWins()
    {
        var original = (await Store.TryCreateAsync("state.json", Bytes("v0"), Ct))!;
        var writers = Enumerable.Range(0, 8)
            .Select(i => Task.Run(() => Store.TryReplaceAsync("state.json", Bytes($"v{i + 1}"), original.ETag, Ct), Ct));
        var results = await Task.WhenAll(writers);

        Assert.Single(results, info => info != null);
    }

    [Fact]
    public async Task StagedUploadIsInvisibleUntilCommitted()
    {
        await using var upload = await Store.BeginStagedUploadAsync("big/blob.bin", Ct);
        await upload.StageBlockAsync(Encoding.ASCII.GetBytes("part1-"), Ct);
        await upload.StageBlockAsync(Encoding.ASCII.GetBytes("part2"), Ct);

        Assert.Null(await Store.GetInfoAsync("big/blob.bin", Ct));
        Assert.Empty(await ListAsync(""));

        var committed = await upload.CommitAsync(Ct);
        Assert.NotNull(committed);
        Assert.Equal(11, committed.Length);
        Assert.Equal("part1-part2", await ReadTextAsync("big/blob.bin"));
    }

    [Fact]
    public async Task AbandonedStagedUploadLeavesNoBlob()
    {
        await using (var upload = await Store.BeginStagedUploadAsync("half.bin", Ct))
            await upload.StageBlockAsync(new byte[1000], Ct);

        Assert.Null(await Store.GetInfoAsync("half.bin", Ct));
        Assert.Empty(await ListAsync(""));
    }

    [Fact]
    public async Task ConcurrentStagedUploadsCommitExactlyOneWholeBlob()
    {
        async Task<BlobInfo?> Upload(int writer)
        {
            await using var upload = await Store.BeginStagedUploadAsync("shared.bin", Ct);
            for (var block = 0; block < 3; block++)
                await upload.StageBlockAsync(Encoding.ASCII.GetBytes($"{writer:D2}{block}|"), Ct);
            return await upload.CommitAsync(Ct);
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(writer => Task.Run(() => Upload(writer), Ct)));

        var winner = Assert.Single(results.Select((info, writer) => (info, writer)), r => r.info != null).writer;
        Assert.Equal($"{winner:D2}0|{winner:D2}1|{winner:D2}2|", await ReadTextAsync("shared.bin"));
    }

    [Fact]
    public async Task ListingFiltersByPrefixInOrdinalNameOrder()
    {
        string[] names = ["b", "a/b", "a.b", "a-b/c", "a/a/z", "shards/shard-000001.tar", "shards/shard-000000.tar"];
        foreach (var name in names) await Store.TryCreateAsync(name, Bytes(name), Ct);

        Assert.Equal(names.Order(StringComparer.Ordinal), (await ListAsync("")).Select(b => b.Name));
        Assert.Equal(["a-b/c", "a.b", "a/a/z", "a/b"], (await ListAsync("a")).Select(b => b.Name));
        Assert.Equal(["a/a/z", "a/b"], (await ListAsync("a/")).Select(b => b.Name));
        Assert.Equal(["shards/shard-000000.tar", "shards/shard-000001.tar"], (await ListAsync("shards/shard-")).Select(b => b.Name));
        Assert.Empty(await ListAsync("nothing/"));
        Assert.Equal("a/b".Length, (await ListAsync("a/b")).Single().Length);
    }

    [Fact]
    public async Task ListingStopsWhenCancelled()
    {
        await Store.TryCreateAsync("a/one.txt", Bytes("1"), Ct);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in Store.ListAsync("", cancelled.Token)) { }
        });
    }

    [Fact]
    public async Task MissingBlobsAreReportedAsMissing()
    {
        Assert.Null(await Store.GetInfoAsync("none.bin", Ct));
        var missing = await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.OpenReadAsync("none.bin", Ct));
        Assert.Equal("none.bin", missing.Name);
        Assert.False(await Store.DeleteAsync("none.bin", Ct));
    }

    [Fact]
    public async Task DeleteRemovesTheBlobAndANewCreateSucceeds()
    {
        var first = (await Store.TryCreateAsync("d.txt", Bytes("1"), Ct))!;
        Assert.True(await Store.DeleteAsync("d.txt", Ct));
        Assert.Null(await Store.GetInfoAsync("d.txt", Ct));

        var second = await Store.TryCreateAsync("d.txt", Bytes("2"), Ct);
        Assert.NotNull(second);
        Assert.NotEqual(first.ETag, second.ETag);
    }

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("a/../../outside.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("a//b")]
    [InlineData("a\\..\\b")]
    [InlineData("./a")]
    public async Task NamesThatCouldEscapeTheRootAreRejected(string name)
    {
        var error = await Assert.ThrowsAsync<StorageException>(() => Store.TryCreateAsync(name, Bytes("x"), Ct));
        Assert.Contains(name, error.Message);
        await Assert.ThrowsAsync<StorageException>(() => Store.GetInfoAsync(name, Ct));
        await Assert.ThrowsAsync<StorageException>(() => Store.OpenReadAsync(name, Ct));
    }

    protected static MemoryStream Bytes(string text) => new(Encoding.UTF8.GetBytes(text));

    protected async Task<string> ReadTextAsync(string name)
    {
        await using var stream = await Store.OpenReadAsync(name, Ct);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(Ct);
    }

    protected async Task<List<BlobInfo>> ListAsync(string prefix)
    {
        var blobs = new List<BlobInfo>();
        await foreach (var blob in Store.ListAsync(prefix, Ct)) blobs.Add(blob);
        return blobs;
    }
}
