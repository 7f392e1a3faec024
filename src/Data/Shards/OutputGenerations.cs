using System.Globalization;
using System.Text.Json;
using Fcan.Data.Storage;

namespace Fcan.Data.Shards;

/// <summary>
/// The manifest generations of an output. Each completed job into the output writes a new generation: its item index
/// (<c>manifests/generation-N.index.json</c>), a kept copy of its manifest (<c>manifests/generation-N.jsonl</c>) and of
/// its WebDataset shard list (<c>manifests/generation-N.shards.json</c>), all create-only, then <c>manifest.jsonl</c>
/// and after it <c>shards.json</c> (each replaced conditionally). Shards are never overwritten, so every
/// generation stays a complete dataset; the one whose manifest equals <c>manifest.jsonl</c> is current.
/// </summary>
public static class OutputGenerations
{
    private const string Prefix = ShardNames.GenerationsFolder + "generation-";

    /// <summary>The current generation, or null when the output has no manifest (nothing to refresh).</summary>
    public static async Task<CurrentGeneration?> FindCurrentAsync(IBlobStore output, CancellationToken cancellationToken)
    {
        if (await TryReadAsync(output, ShardNames.Manifest, cancellationToken) is not { } manifest) return null;
        var numbers = await NumbersAsync(output, cancellationToken);
        // Newest first: an unchanged refresh writes the same manifest as its predecessor, and the newer one is current.
        foreach (var number in numbers.AsEnumerable().Reverse())
        {
            var copy = await TryReadAsync(output, ShardNames.GenerationManifest(number), cancellationToken);
            if (copy is not null && copy.AsSpan().SequenceEqual(manifest))
                return new CurrentGeneration(number, await ReadIndexAsync(output, number, cancellationToken));
        }
        return new CurrentGeneration(0, null);
    }

    /// <summary>The number the next generation takes: one past every generation written so far, even one that an
    /// interrupted job wrote without making it current.</summary>
    public static async Task<int> NextNumberAsync(IBlobStore output, CancellationToken cancellationToken) =>
        (await NumbersAsync(output, cancellationToken)).DefaultIfEmpty(0).Max() + 1;

    /// <summary>Writes the generation's index, manifest copy and shard list, then makes it current in place of the
    /// manifest version the job planned from (<paramref name="plannedManifestETag"/>, null when there was none): the
    /// manifest first (the commit point readers trust), then the root's shard list. Publishing the same generation
    /// again (a job resumed after a crash) is harmless; a different generation under the same number (another job got
    /// there first) or a manifest changed since planning fails with a <see cref="ShardVerificationException"/>.</summary>
    public static async Task<BlobInfo> PublishAsync(IBlobStore output, GenerationIndex index, string? plannedManifestETag,
        CancellationToken cancellationToken)
    {
        var shards = index.Shards.Select(shard => shard.Shard).ToList();
        await CreateOrConfirmAsync(output, ShardNames.GenerationIndex(index.Generation),
            JsonSerializer.SerializeToUtf8Bytes(index, ManifestWriter.Json), cancellationToken);
        await CreateOrConfirmAsync(output, ShardNames.GenerationManifest(index.Generation),
            ManifestWriter.Serialize(shards), cancellationToken);
        await CreateOrConfirmAsync(output, ShardNames.GenerationShardList(index.Generation),
            ShardList.Serialize(index, ShardNames.GenerationsFolder), cancellationToken);
        var manifest = await ManifestWriter.ReplaceAsync(output, shards, plannedManifestETag, cancellationToken);
        await ManifestWriter.PutAsync(output, ShardNames.ShardList, ShardList.Serialize(index, ""), cancellationToken);
        return manifest;
    }

    /// <summary>Generation <paramref name="number"/>'s item index, or null when it has none.</summary>
    public static async Task<GenerationIndex?> ReadIndexAsync(IBlobStore output, int number, CancellationToken cancellationToken)
    {
        var name = ShardNames.GenerationIndex(number);
        if (await TryReadAsync(output, name, cancellationToken) is not { } bytes) return null;
        try
        {
            return JsonSerializer.Deserialize<GenerationIndex>(bytes, ManifestWriter.Json) ?? throw new JsonException("null index");
        }
        catch (JsonException error)
        {
            throw new ShardVerificationException($"{output.Location}/{name}", $"not a generation index ({error.Message})");
        }
    }

    private static async Task<List<int>> NumbersAsync(IBlobStore output, CancellationToken cancellationToken)
    {
        var numbers = new List<int>();
        await foreach (var blob in output.ListAsync(Prefix, cancellationToken))
            if (blob.Name.EndsWith(".jsonl", StringComparison.Ordinal)
                && int.TryParse(blob.Name[Prefix.Length..^".jsonl".Length], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                numbers.Add(number);
        numbers.Sort();
        return numbers;
    }

    private static async Task CreateOrConfirmAsync(IBlobStore output, string name, byte[] content, CancellationToken cancellationToken)
    {
        if (await output.TryCreateAsync(name, new MemoryStream(content), cancellationToken) is not null) return;
        var existing = await TryReadAsync(output, name, cancellationToken);
        if (existing is null || !existing.AsSpan().SequenceEqual(content))
            throw new ShardVerificationException($"{output.Location}/{name}", "another job wrote this generation first; start a new refresh");
    }

    private static async Task<byte[]?> TryReadAsync(IBlobStore output, string name, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await output.OpenReadAsync(name, cancellationToken);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            return buffer.ToArray();
        }
        catch (BlobNotFoundException)
        {
            return null;
        }
    }
}
