using System.Formats.Tar;
using System.Security.Cryptography;
using Fcan.Data.Shards;
using Fcan.Data.Storage;
using Fcan.Grains.Rendering;

namespace Fcan.Grains.Shards;

/// <summary>A rendered item's files, stored as one small tar under a deterministic name until its shard is
/// written. Create-only: a second render of the same item finds the first one's output and reuses it.</summary>
public static class ItemOutputArchive
{
    /// <summary>The item's output name in the job's output store.</summary>
    public static string NameFor(string jobId, string itemKey) => $".fcan-work/{jobId}/{itemKey}.tar";

    /// <summary>Stores the item's files unless an earlier attempt already did; returns the stored bytes' sha256.</summary>
    public static async Task<string> StoreAsync(IBlobStore output, string name, string itemKey,
        IReadOnlyList<RenderedMember> members, CancellationToken cancellationToken)
    {
        var bytes = Pack(itemKey, members);
        var created = await output.TryCreateAsync(name, new MemoryStream(bytes), cancellationToken);
        if (created is not null) return Convert.ToHexStringLower(SHA256.HashData(bytes));
        await using var existing = await output.OpenReadAsync(name, cancellationToken);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(existing, cancellationToken));
    }

    /// <summary>Reads a stored item back, checking it against the checksum its worker reported.</summary>
    public static async Task<ShardSample> LoadAsync(IBlobStore output, string name, string itemKey, string sha256,
        CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        await using (var stream = await output.OpenReadAsync(name, cancellationToken))
            await stream.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (actual != sha256)
            throw new InvalidDataException($"item '{itemKey}': stored output {name} has sha256 {actual}, expected {sha256}");
        return new ShardSample(itemKey, await UnpackAsync(bytes, cancellationToken));
    }

    private static byte[] Pack(string itemKey, IReadOnlyList<RenderedMember> members)
    {
        var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
            foreach (var member in members)
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"{itemKey}.{member.Suffix}")
                {
                    DataStream = new MemoryStream(member.Content),
                    ModificationTime = DateTimeOffset.UnixEpoch,
                });
        return buffer.ToArray();
    }

    private static async Task<IReadOnlyList<ShardMember>> UnpackAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        var members = new List<ShardMember>();
        await using var reader = new TarReader(new MemoryStream(bytes));
        while (await reader.GetNextEntryAsync(copyData: true, cancellationToken) is { } entry)
        {
            var content = new MemoryStream();
            if (entry.DataStream is not null) await entry.DataStream.CopyToAsync(content, cancellationToken);
            members.Add(new ShardMember(entry.Name, content.ToArray()));
        }
        return members;
    }
}
