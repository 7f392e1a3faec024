namespace Fcan.Data.Shards;

/// <summary>The fixed names of the output layout (spec/cli.md): deterministic shard names and the manifest.</summary>
public static class ShardNames
{
    public const string Manifest = "manifest.jsonl";

    public const string Folder = "shards/";

    public static string ForIndex(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return $"{Folder}shard-{index:D6}.tar";
    }

    /// <summary>The sample key of a tar member: the path up to the first '.' of its file name (WebDataset's rule).</summary>
    public static string KeyOf(string memberName)
    {
        var slash = memberName.LastIndexOf('/');
        var dot = memberName.IndexOf('.', slash + 1);
        return dot < 0 ? memberName : memberName[..dot];
    }
}
