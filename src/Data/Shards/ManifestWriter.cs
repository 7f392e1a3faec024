using System.Text;
using System.Text.Json;
using Fcan.Data.Storage;

namespace Fcan.Data.Shards;

/// <summary>
/// Writes <c>manifest.jsonl</c>, one JSON line per shard, as the last step of a dataset: a complete manifest means a
/// complete dataset. Every listed shard must already exist with its recorded size. The manifest is created
/// create-only; when one exists with the same lines nothing changes (a re-run), and when it differs the new
/// generation replaces it only if it is still the version just read (If-Match), so concurrent writers can't
/// silently overwrite each other.
/// </summary>
public static class ManifestWriter
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<BlobInfo> WriteAsync(IBlobStore output, IReadOnlyList<ShardRecord> shards,
        CancellationToken cancellationToken)
    {
        foreach (var shard in shards)
        {
            var info = await output.GetInfoAsync(shard.Name, cancellationToken);
            if (info == null || info.Length != shard.Bytes)
                throw new ShardVerificationException($"{output.Location}/{shard.Name}",
                    info == null ? "listed shard does not exist" : $"listed as {shard.Bytes} bytes but is {info.Length}");
        }
        return await PutAsync(output, ShardNames.Manifest, Serialize(shards), cancellationToken);
    }

    /// <summary>Creates <paramref name="name"/>, or replaces it when it differs and is still the version just read.</summary>
    internal static async Task<BlobInfo> PutAsync(IBlobStore output, string name, byte[] content, CancellationToken cancellationToken)
    {
        var created = await output.TryCreateAsync(name, new MemoryStream(content), cancellationToken);
        if (created != null) return created;

        var existing = await output.GetInfoAsync(name, cancellationToken);
        if (existing != null)
        {
            var current = await ReadAllAsync(output, name, cancellationToken);
            if (current.AsSpan().SequenceEqual(content)) return existing;
        }
        return await output.TryReplaceAsync(name, new MemoryStream(content), existing?.ETag, cancellationToken)
            ?? throw new StorageException($"{output.Location}/{name}: changed by another writer while this one was written");
    }

    /// <summary>The manifest's bytes for these shards: one JSON line each.</summary>
    public static byte[] Serialize(IReadOnlyList<ShardRecord> shards) =>
        Encoding.UTF8.GetBytes(string.Concat(shards.Select(shard => JsonSerializer.Serialize(shard, Json) + "\n")));

    private static async Task<byte[]> ReadAllAsync(IBlobStore output, string name, CancellationToken cancellationToken)
    {
        await using var stream = await output.OpenReadAsync(name, cancellationToken);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}
