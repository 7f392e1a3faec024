using Fcan.Data.Shards;

namespace Fcan.Data.Tests.Shards;

public sealed class ShardBatcherTests
{
    [Fact]
    public void BatchesAreCappedByCountAndByBytesInOrder()
    {
        var samples = new[] { 40, 40, 40, 10, 10, 10, 10, 200, 5 }.Select((size, i) => Sample($"k{i}", size)).ToList();

        var batches = ShardBatcher.Batch(samples, new ShardLimits(MaxSamples: 3, MaxBytes: 100)).ToList();

        Assert.Equal([["k0", "k1"], ["k2", "k3", "k4"], ["k5", "k6"], ["k7"], ["k8"]],
            batches.Select(batch => batch.Select(sample => sample.Key).ToArray()));
    }

    [Theory]
    [InlineData("a.b", "has a '.' in the file name")]
    [InlineData("../a", "'.' or '..' segment")]
    [InlineData("/abs", "absolute name")]
    public async Task UnsafeOrAmbiguousKeysAreRefusedBeforeAnythingIsWritten(string key, string reason)
    {
        using var folder = new TempFolder();
        var store = new Fcan.Data.Storage.LocalBlobStore(folder.Path);

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            ShardWriter.WriteAsync(store, 0, [new ShardSample(key, [new ShardMember($"{key}.png", [1])])], TestTimeout.Token));

        Assert.Contains(reason, error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path));
    }

    [Fact]
    public async Task MembersMustBeNamedAfterTheirKey()
    {
        using var folder = new TempFolder();
        var store = new Fcan.Data.Storage.LocalBlobStore(folder.Path);

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            ShardWriter.WriteAsync(store, 0, [new ShardSample("a", [new ShardMember("b.png", [1])])], TestTimeout.Token));

        Assert.Contains("member 'b.png' is not named 'a.<ext>'", error.Message);
    }

    private static ShardSample Sample(string key, int bytes) => new(key, [new ShardMember($"{key}.png", new byte[bytes])]);
}
