namespace Fcan.Grains.Shards;

/// <summary>The key of a job's shard grain: "jobId/shardIndex".</summary>
public static class ShardKey
{
    public static string For(string jobId, int shard) => $"{jobId}/{shard}";

    public static (string JobId, int Shard) Parse(string key)
    {
        var slash = key.LastIndexOf('/');
        return (key[..slash], int.Parse(key[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }
}
