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
        await CheckListedAsync(output, shards, cancellationToken);
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

    /// <summary>Writes the manifest in place of the version a job planned from, <paramref name="plannedETag"/> (null:
    /// there was none), and never over a newer one: a manifest that changed since (another writer, an older job
    /// resumed late) stays, and this fails with a <see cref="ShardVerificationException"/>. A manifest that already
    /// has these lines (the same job, resumed after publishing) is left as it is.</summary>
    public static async Task<BlobInfo> ReplaceAsync(IBlobStore output, IReadOnlyList<ShardRecord> shards,
        string? plannedETag, CancellationToken cancellationToken)
    {
        await CheckListedAsync(output, shards, cancellationToken);
        var content = Serialize(shards);
        if (await output.GetInfoAsync(ShardNames.Manifest, cancellationToken) is { } existing
            && (await ReadAllAsync(output, ShardNames.Manifest, cancellationToken)).AsSpan().SequenceEqual(content))
            return existing;
        var written = plannedETag is null
            ? await output.TryCreateAsync(ShardNames.Manifest, new MemoryStream(content), cancellationToken)
            : await output.TryReplaceAsync(ShardNames.Manifest, new MemoryStream(content), plannedETag, cancellationToken);
        return written ?? throw new ShardVerificationException($"{output.Location}/{ShardNames.Manifest}",
            "changed since this job planned its generation from it; it was left as it is (start a new refresh)");
    }

    /// <summary>The manifest's bytes for these shards: one JSON line each.</summary>
    public static byte[] Serialize(IReadOnlyList<ShardRecord> shards) =>
        Encoding.UTF8.GetBytes(string.Concat(shards.Select(shard => JsonSerializer.Serialize(shard, Json) + "\n")));

    private static async Task CheckListedAsync(IBlobStore output, IReadOnlyList<ShardRecord> shards,
        CancellationToken cancellationToken)
    {
        foreach (var shard in shards)
        {
            var info = await output.GetInfoAsync(shard.Name, cancellationToken);
            if (info == null || info.Length != shard.Bytes)
                throw new ShardVerificationException($"{output.Location}/{shard.Name}",
                    info == null ? "listed shard does not exist" : $"listed as {shard.Bytes} bytes but is {info.Length}");
        }
    }

    private static async Task<byte[]> ReadAllAsync(IBlobStore output, string name, CancellationToken cancellationToken)
    {
        await using var stream = await output.OpenReadAsync(name, cancellationToken);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}
