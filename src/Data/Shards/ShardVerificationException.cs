namespace Fcan.Data.Shards;

/// <summary>A shard or manifest that does not match what was recorded, in one line naming the blob and the reason.</summary>
public sealed class ShardVerificationException(string blob, string reason) : Exception($"{blob}: {reason}")
{
    public string Blob { get; } = blob;
    public string Reason { get; } = reason;
}
