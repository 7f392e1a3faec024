namespace Fcan.Data.Shards;

/// <summary>The fixed names of the output layout (spec/cli.md): deterministic shard names and the manifest.</summary>
public static class ShardNames
{
    public const string Manifest = "manifest.jsonl";

    /// <summary>The current generation's WebDataset shard list (<see cref="Shards.ShardList"/>), beside the manifest.</summary>
    public const string ShardList = "shards.json";

    public const string Folder = "shards/";

    /// <summary>Earlier and current manifest generations and their item indexes.</summary>
    public const string GenerationsFolder = "manifests/";

    public static string ForIndex(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return $"{Folder}shard-{index:D6}.tar";
    }

    /// <summary>A shard written by a refresh: under a folder named for its job, so it can never collide with a shard
    /// that an earlier generation (or an interrupted job) left in the output.</summary>
    public static string ForJob(string jobId, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return $"{Folder}{jobId}/shard-{index:D6}.tar";
    }

    /// <summary>The copy of generation <paramref name="generation"/>'s manifest, kept after later ones replace it.</summary>
    public static string GenerationManifest(int generation) => $"{GenerationsFolder}generation-{generation:D6}.jsonl";

    /// <summary>Generation <paramref name="generation"/>'s WebDataset shard list, kept after later ones replace it.</summary>
    public static string GenerationShardList(int generation) => $"{GenerationsFolder}generation-{generation:D6}.shards.json";

    /// <summary>Generation <paramref name="generation"/>'s item index (<see cref="GenerationIndex"/> as JSON).</summary>
    public static string GenerationIndex(int generation) => $"{GenerationsFolder}generation-{generation:D6}.index.json";

    /// <summary>The sample key of a tar member: the path up to the first '.' of its file name (WebDataset's rule).</summary>
    public static string KeyOf(string memberName)
    {
        var slash = memberName.LastIndexOf('/');
        var dot = memberName.IndexOf('.', slash + 1);
        return dot < 0 ? memberName : memberName[..dot];
    }
}
