using System.Formats.Tar;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Fcan.Data.Storage;

namespace Fcan.Data.Shards;

/// <summary>Reads what <see cref="ShardWriter"/> and <see cref="ManifestWriter"/> wrote, streaming, and checks it against
/// the manifest: every shard's size, member count and SHA-256, and that no sample key appears twice.</summary>
public static class ShardReader
{
    /// <summary>The manifest's records; a missing manifest means the dataset is incomplete.</summary>
    public static async Task<IReadOnlyList<ShardRecord>> ReadManifestAsync(IBlobStore output, CancellationToken cancellationToken)
    {
        var location = $"{output.Location}/{ShardNames.Manifest}";
        Stream stream;
        try
        {
            stream = await output.OpenReadAsync(ShardNames.Manifest, cancellationToken);
        }
        catch (BlobNotFoundException)
        {
            throw new ShardVerificationException(location, "no manifest: the dataset is incomplete");
        }
        var records = new List<ShardRecord>();
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0) continue;
            try
            {
                records.Add(JsonSerializer.Deserialize<ShardRecord>(line, ManifestWriter.Json)
                    ?? throw new JsonException("null record"));
            }
            catch (JsonException e)
            {
                throw new ShardVerificationException(location, $"line {records.Count + 1} is not a shard record ({e.Message})");
            }
        }
        return records;
    }

    /// <summary>Reads the manifest and every shard it lists, checking every checksum; returns the sample keys in order.</summary>
    public static async Task<IReadOnlyList<string>> VerifyAsync(IBlobStore output, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var shard in await ReadManifestAsync(output, cancellationToken))
        {
            await foreach (var sample in ReadSamplesAsync(output, shard, cancellationToken))
            {
                if (!seen.Add(sample.Key))
                    throw new ShardVerificationException($"{output.Location}/{shard.Name}", $"sample '{sample.Key}' appears in more than one place");
                keys.Add(sample.Key);
            }
        }
        return keys;
    }

    /// <summary>The most bytes one member of a sample may hold (an image of the largest accepted source is a few MB).</summary>
    public const long MaxMemberBytes = 256L * 1024 * 1024;

    /// <summary>Streams one shard's samples; after the last one, throws if the shard does not match its record.</summary>
    public static async IAsyncEnumerable<ShardSample> ReadSamplesAsync(IBlobStore output, ShardRecord shard,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var location = $"{output.Location}/{shard.Name}";
        await using var stream = await OpenShardAsync(output, shard.Name, cancellationToken);
        await using var hashing = new HashingStream(stream, leaveOpen: true);
        var members = 0;
        await using (var tar = new TarReader(hashing, leaveOpen: true))
        {
            ShardSample? pending = null;
            while (await NextEntryAsync(tar, location, cancellationToken) is { } entry)
            {
                members++;
                var member = new ShardMember(entry.Name, await ContentAsync(entry, location, cancellationToken));
                var key = ShardNames.KeyOf(entry.Name);
                if (pending != null && pending.Key != key)
                {
                    yield return pending;
                    pending = null;
                }
                pending = pending == null ? new ShardSample(key, [member]) : pending with { Members = [.. pending.Members, member] };
            }
            if (pending != null) yield return pending;
        }
        await hashing.DrainAsync(cancellationToken);
        Check(location, shard, new ShardRecord(shard.Name, members, hashing.BytesSeen, hashing.Sha256Hex));
    }

    /// <summary>The record of an existing shard, computed by reading it (a shard found already written).</summary>
    public static async Task<ShardRecord> DescribeAsync(IBlobStore output, string name, CancellationToken cancellationToken)
    {
        var location = $"{output.Location}/{name}";
        await using var stream = await OpenShardAsync(output, name, cancellationToken);
        await using var hashing = new HashingStream(stream, leaveOpen: true);
        var members = 0;
        await using (var tar = new TarReader(hashing, leaveOpen: true))
            while (await NextEntryAsync(tar, location, cancellationToken) != null) members++;
        await hashing.DrainAsync(cancellationToken);
        return new ShardRecord(name, members, hashing.BytesSeen, hashing.Sha256Hex);
    }

    private static void Check(string location, ShardRecord expected, ShardRecord actual)
    {
        if (actual.Bytes != expected.Bytes)
            throw new ShardVerificationException(location, $"size is {actual.Bytes} bytes, the manifest says {expected.Bytes}");
        if (actual.Sha256 != expected.Sha256)
            throw new ShardVerificationException(location, $"sha256 is {actual.Sha256}, the manifest says {expected.Sha256}");
        if (actual.Members != expected.Members)
            throw new ShardVerificationException(location, $"holds {actual.Members} members, the manifest says {expected.Members}");
    }

    private static async Task<Stream> OpenShardAsync(IBlobStore output, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await output.OpenReadAsync(name, cancellationToken);
        }
        catch (BlobNotFoundException)
        {
            throw new ShardVerificationException($"{output.Location}/{name}", "shard is missing");
        }
    }

    private static async Task<TarEntry?> NextEntryAsync(TarReader tar, string location, CancellationToken cancellationToken)
    {
        try
        {
            return await tar.GetNextEntryAsync(copyData: false, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new ShardVerificationException(location, $"not a readable tar ({e.Message})");
        }
    }

    private static async Task<byte[]> ContentAsync(TarEntry entry, string location, CancellationToken cancellationToken)
    {
        // The header's size is checked before a byte is buffered: a crafted shard can't make a reader allocate more.
        if (entry.Length > MaxMemberBytes)
            throw new ShardVerificationException(location,
                $"member '{entry.Name}' declares {entry.Length} bytes, more than the {MaxMemberBytes} a sample's member may hold");
        if (entry.DataStream == null) return [];
        using var buffer = new MemoryStream();
        await entry.DataStream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}
