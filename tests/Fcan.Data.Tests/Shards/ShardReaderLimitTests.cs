using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using Fcan.Data.Shards;
using Fcan.Data.Storage;

namespace Fcan.Data.Tests.Shards;

public sealed class ShardReaderLimitTests : IDisposable
{
    private readonly TempFolder folder = new();

    [Fact]
    public async Task A_member_that_declares_more_than_a_sample_may_hold_is_refused_before_it_is_buffered()
    {
        // A 10-byte member whose header claims 4 GB: a crafted shard entry.
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Ustar, leaveOpen: true))
            writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "s0000.png") { DataStream = new MemoryStream(new byte[10]) });
        var bytes = tar.ToArray();
        WriteOctal(bytes, offset: 124, length: 12, 4L << 30);
        for (var i = 148; i < 156; i++) bytes[i] = (byte)' ';
        WriteOctal(bytes, offset: 148, length: 8, bytes.AsSpan(0, 512).ToArray().Sum(b => (long)b));
        var store = BlobStores.Open(folder.Path);
        await store.TryCreateAsync("shards/shard-000000.tar", new MemoryStream(bytes), TestTimeout.Token);
        var record = new ShardRecord("shards/shard-000000.tar", 1, bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)));

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = await Assert.ThrowsAsync<ShardVerificationException>(async () =>
        {
            await foreach (var _ in ShardReader.ReadSamplesAsync(store, record, TestTimeout.Token)) { }
        });
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("member 's0000.png' declares 4294967296 bytes", error.Message);
        Assert.True(allocated < 16 << 20, $"reading a {bytes.Length}-byte shard allocated {allocated} bytes");
    }

    private static void WriteOctal(byte[] header, int offset, int length, long value)
    {
        var digits = Encoding.ASCII.GetBytes(Convert.ToString(value, 8).PadLeft(length - 1, '0'));
        digits.CopyTo(header, offset);
        header[offset + length - 1] = 0;
    }

    public void Dispose() => folder.Dispose();
}
