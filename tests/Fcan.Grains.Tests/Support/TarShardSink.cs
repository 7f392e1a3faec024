using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fcan.Data.Storage;
using Fcan.Grains.Contracts;
using Fcan.Grains.Shards;

namespace Fcan.Grains.Tests.Support;

/// <summary>Plain tar shards and a JSON-lines manifest, create-only, standing in for Data's ShardWriter and
/// ManifestWriter in these tests.</summary>
public sealed class TarShardSink : IShardSink
{
    public const string ManifestName = "manifest.jsonl";

    public static string ShardName(int index) => $"shards/shard-{index:D6}.tar";

    public async Task<WrittenShard> WriteShardAsync(IBlobStore output, int index, IReadOnlyList<OutputSample> samples,
        CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        await using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
            foreach (var sample in samples)
            foreach (var member in sample.Members)
                await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, $"{sample.Key}.{member.Suffix}")
                {
                    DataStream = new MemoryStream(member.Content),
                    ModificationTime = DateTimeOffset.UnixEpoch,
                }, cancellationToken);
        var name = ShardName(index);
        await output.TryCreateAsync(name, new MemoryStream(buffer.ToArray()), cancellationToken);
        var stored = await ReadAsync(output, name, cancellationToken);
        return new WrittenShard(index, name, samples.Sum(s => s.Members.Count), stored.Length,
            Convert.ToHexStringLower(SHA256.HashData(stored)));
    }

    public async Task<string> WriteManifestAsync(IBlobStore output, IReadOnlyList<WrittenShard> shards,
        CancellationToken cancellationToken)
    {
        var lines = string.Concat(shards.Select(s => JsonSerializer.Serialize(s) + "\n"));
        await output.TryCreateAsync(ManifestName, new MemoryStream(Encoding.UTF8.GetBytes(lines)), cancellationToken);
        return ManifestName;
    }

    /// <summary>Reads the manifest and every shard it lists, checking sizes and checksums; the members in shard order.</summary>
    public static async Task<IReadOnlyList<(string Shard, string Member, byte[] Content)>> VerifyAsync(
        IBlobStore output, CancellationToken cancellationToken)
    {
        var manifest = Encoding.UTF8.GetString(await ReadAsync(output, ManifestName, cancellationToken));
        var members = new List<(string, string, byte[])>();
        foreach (var line in manifest.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var shard = JsonSerializer.Deserialize<WrittenShard>(line)!;
            var bytes = await ReadAsync(output, shard.Name, cancellationToken);
            Assert.Equal(shard.Bytes, bytes.Length);
            Assert.Equal(shard.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
            await using var reader = new TarReader(new MemoryStream(bytes));
            while (await reader.GetNextEntryAsync(copyData: true, cancellationToken) is { } entry)
            {
                var content = new MemoryStream();
                await entry.DataStream!.CopyToAsync(content, cancellationToken);
                members.Add((shard.Name, entry.Name, content.ToArray()));
            }
        }
        return members;
    }

    private static async Task<byte[]> ReadAsync(IBlobStore output, string name, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        await using var stream = await output.OpenReadAsync(name, cancellationToken);
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}
