using System.Diagnostics;
using System.Text;
using Fcan.Data.Shards;
using Fcan.Data.Storage;

namespace Fcan.Data.Tests.Storage;

/// <summary>The shard and manifest guarantees, on every backend.</summary>
public abstract partial class BlobStoreContract
{
    [Fact]
    public async Task ShardsAndManifestVerifyWithEverySampleKey()
    {
        var batches = ShardBatcher.Batch(Samples(7), new ShardLimits(MaxSamples: 3, MaxBytes: 1 << 20)).ToList();
        var records = new List<ShardRecord>();
        for (var index = 0; index < batches.Count; index++)
            records.Add(await ShardWriter.WriteAsync(Store, index, batches[index], TestTimeout.Token));
        await ManifestWriter.WriteAsync(Store, records, TestTimeout.Token);

        Assert.Equal(["shards/shard-000000.tar", "shards/shard-000001.tar", "shards/shard-000002.tar"], records.Select(r => r.Name));
        Assert.Equal([9, 9, 3], records.Select(r => r.Members));
        Assert.Equal(Samples(7).Select(s => s.Key), await ShardReader.VerifyAsync(Store, TestTimeout.Token));
        Assert.Equal(records, await ShardReader.ReadManifestAsync(Store, TestTimeout.Token));
    }

    [Fact]
    public async Task SamplesReadBackWithEveryMemberAndByte()
    {
        var samples = Samples(3);
        var record = await ShardWriter.WriteAsync(Store, 0, samples, TestTimeout.Token);

        var read = new List<ShardSample>();
        await foreach (var sample in ShardReader.ReadSamplesAsync(Store, record, TestTimeout.Token)) read.Add(sample);

        Assert.Equal(samples.Select(s => s.Key), read.Select(s => s.Key));
        Assert.Equal(samples.SelectMany(s => s.Members).Select(m => (m.Name, Convert.ToHexString(m.Content))),
            read.SelectMany(s => s.Members).Select(m => (m.Name, Convert.ToHexString(m.Content))));
    }

    [Fact]
    public async Task SecondWriteOfTheSameShardIsDetectedAndNotDuplicated()
    {
        var first = await ShardWriter.WriteAsync(Store, 0, Samples(2), TestTimeout.Token);
        var etag = (await Store.GetInfoAsync(first.Name, TestTimeout.Token))!.ETag;

        var again = await ShardWriter.WriteAsync(Store, 0, Samples(2), TestTimeout.Token);
        var different = await ShardWriter.WriteAsync(Store, 0, Samples(1), TestTimeout.Token);

        Assert.Equal(first, again);
        Assert.Equal(first, different);
        Assert.Equal(etag, (await Store.GetInfoAsync(first.Name, TestTimeout.Token))!.ETag);
        Assert.Single(await ListAsync(ShardNames.Folder));
    }

    [Fact]
    public async Task ConcurrentWritersOfOneShardLeaveOneShard()
    {
        var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(() => ShardWriter.WriteAsync(Store, 5, Samples(3), TestTimeout.Token)));
        var records = await Task.WhenAll(writers);

        Assert.Single(records.Distinct());
        Assert.Single(await ListAsync(ShardNames.Folder));
        await ManifestWriter.WriteAsync(Store, [records[0]], TestTimeout.Token);
        Assert.Equal(3, (await ShardReader.VerifyAsync(Store, TestTimeout.Token)).Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(InterruptingBlobStore.AtCommit)]
    public async Task InterruptedShardWriteLeavesNoShardAndNoManifest(int failAtBlock)
    {
        // Two samples of 3 MiB: the tar spans two 4 MiB blocks, so block 1 fails mid-stream.
        var large = Enumerable.Range(0, 2).Select(i => Sample($"big{i}", 3 << 20)).ToList();
        var interrupted = new InterruptingBlobStore(Store, failAtBlock);

        await Assert.ThrowsAsync<IOException>(() => ShardWriter.WriteAsync(interrupted, 0, large, TestTimeout.Token));

        Assert.Empty(await ListAsync(""));
        var missing = await Assert.ThrowsAsync<ShardVerificationException>(() => ShardReader.VerifyAsync(Store, TestTimeout.Token));
        Assert.Contains("no manifest", missing.Message);

        var rerun = await ShardWriter.WriteAsync(Store, 0, large, TestTimeout.Token);
        await ManifestWriter.WriteAsync(Store, [rerun], TestTimeout.Token);
        Assert.Equal(["big0", "big1"], await ShardReader.VerifyAsync(Store, TestTimeout.Token));
    }

    [Fact]
    public async Task ManifestRefusesShardsThatDoNotExist()
    {
        var error = await Assert.ThrowsAsync<ShardVerificationException>(() => ManifestWriter.WriteAsync(Store,
            [new ShardRecord(ShardNames.ForIndex(0), 3, 10240, new string('0', 64))], TestTimeout.Token));

        Assert.Contains("does not exist", error.Message);
        Assert.Null(await Store.GetInfoAsync(ShardNames.Manifest, TestTimeout.Token));
    }

    [Fact]
    public async Task RewritingTheSameManifestChangesNothingAndANewGenerationReplacesIt()
    {
        var first = await ShardWriter.WriteAsync(Store, 0, Samples(2), TestTimeout.Token);
        var written = await ManifestWriter.WriteAsync(Store, [first], TestTimeout.Token);
        Assert.Equal(written, await ManifestWriter.WriteAsync(Store, [first], TestTimeout.Token));

        var second = await ShardWriter.WriteAsync(Store, 1, [Sample("later", 10)], TestTimeout.Token);
        var next = await ManifestWriter.WriteAsync(Store, [first, second], TestTimeout.Token);
        Assert.NotEqual(written.ETag, next.ETag);
        Assert.Equal(["s0000", "s0001", "later"], await ShardReader.VerifyAsync(Store, TestTimeout.Token));
    }

    [Fact]
    public async Task ACorruptedShardFailsVerificationNamingIt()
    {
        var record = await ShardWriter.WriteAsync(Store, 0, Samples(2), TestTimeout.Token);
        await ManifestWriter.WriteAsync(Store, [record], TestTimeout.Token);
        var bytes = await ReadBytesAsync(record.Name);
        bytes[700] ^= 0xFF; // inside the first member's content
        var etag = (await Store.GetInfoAsync(record.Name, TestTimeout.Token))!.ETag;
        await Store.TryReplaceAsync(record.Name, new MemoryStream(bytes), etag, TestTimeout.Token);

        var error = await Assert.ThrowsAsync<ShardVerificationException>(() => ShardReader.VerifyAsync(Store, TestTimeout.Token));
        Assert.Contains("shard-000000.tar", error.Message);
        Assert.Contains("sha256", error.Message);
    }

    [Fact]
    public async Task PythonTarfileReadsTheShardMembersAndBytes()
    {
        var samples = Samples(2);
        var record = await ShardWriter.WriteAsync(Store, 0, samples, TestTimeout.Token);
        using var folder = new TempFolder();
        var tarPath = Path.Combine(folder.Path, "shard.tar");
        await File.WriteAllBytesAsync(tarPath, await ReadBytesAsync(record.Name), TestTimeout.Token);

        const string script = """
            import hashlib, sys, tarfile
            with tarfile.open(sys.argv[1]) as t:
                for m in t.getmembers():
                    print(m.name, m.size, hashlib.sha256(t.extractfile(m).read()).hexdigest())
            """;
        var expected = samples.SelectMany(s => s.Members)
            .Select(m => $"{m.Name} {m.Content.Length} {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(m.Content))}");
        Assert.Equal(expected, await RunPythonAsync(script, tarPath));
    }

    private static List<ShardSample> Samples(int count) =>
        Enumerable.Range(0, count).Select(i => Sample($"s{i:D4}", 500 + i)).ToList();

    private static ShardSample Sample(string key, int imageBytes)
    {
        var image = new byte[imageBytes];
        new Random(imageBytes).NextBytes(image);
        return new ShardSample(key,
        [
            new ShardMember($"{key}.png", image),
            new ShardMember($"{key}.label.png", [1, 2, 3]),
            new ShardMember($"{key}.json", Encoding.UTF8.GetBytes($"{{\"key\":\"{key}\"}}")),
        ]);
    }

    private async Task<byte[]> ReadBytesAsync(string name)
    {
        await using var stream = await Store.OpenReadAsync(name, TestTimeout.Token);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, TestTimeout.Token);
        return buffer.ToArray();
    }

    private static async Task<string[]> RunPythonAsync(string script, string argument)
    {
        var start = new ProcessStartInfo("python3") { ArgumentList = { "-c", script, argument }, RedirectStandardOutput = true, RedirectStandardError = true };
        using var python = Process.Start(start)!;
        var output = await python.StandardOutput.ReadToEndAsync(TestTimeout.Token);
        var errors = await python.StandardError.ReadToEndAsync(TestTimeout.Token);
        await python.WaitForExitAsync(TestTimeout.Token);
        Assert.True(python.ExitCode == 0, errors);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
