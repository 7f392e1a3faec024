using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fcan.Data.Shards;

/// <summary>
/// A generation's shards as a WebDataset shard index (the JSON that <c>wids</c> and similar readers take: each shard's
/// URL, relative to the list's own folder, and its sample count), so a reader given the list finds exactly that
/// generation's shards and never an older generation's that share the folder.
/// </summary>
public static class ShardList
{
    /// <summary>The shard list of <paramref name="index"/>'s generation, for a list stored in <paramref name="folder"/>
    /// ("" for the output's root, where the current generation's list lives).</summary>
    public static byte[] Serialize(GenerationIndex index, string folder)
    {
        var up = string.Concat(Enumerable.Repeat("../", folder.Split('/', StringSplitOptions.RemoveEmptyEntries).Length));
        var document = new Document("wids-shard-index-v1", 1, $"generation-{index.Generation:D6}",
            [.. index.Shards.Select(shard => new Entry(up + shard.Shard.Name, shard.Samples.Count, shard.Shard.Bytes, shard.Shard.Sha256))]);
        return JsonSerializer.SerializeToUtf8Bytes(document);
    }

    private sealed record Document(
        [property: JsonPropertyName("__kind__")] string Kind,
        [property: JsonPropertyName("wids_version")] int WidsVersion,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("shardlist")] IReadOnlyList<Entry> Shards);

    private sealed record Entry(
        [property: JsonPropertyName("url")] string Url,
        [property: JsonPropertyName("nsamples")] int Samples,
        [property: JsonPropertyName("filesize")] long Bytes,
        [property: JsonPropertyName("sha256")] string Sha256);
}
