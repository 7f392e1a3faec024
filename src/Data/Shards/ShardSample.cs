namespace Fcan.Data.Shards;

/// <summary>One sample of a WebDataset shard: its key and its members, written consecutively in this order.</summary>
public sealed record ShardSample(string Key, IReadOnlyList<ShardMember> Members)
{
    /// <summary>The bytes the members' contents add up to (tar headers and padding not counted).</summary>
    public long ContentBytes => Members.Sum(member => (long)member.Content.Length);
}
