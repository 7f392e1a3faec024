using System.Formats.Tar;
using Fcan.Data.Storage;

namespace Fcan.Data.Shards;

/// <summary>
/// Writes one WebDataset tar shard under its deterministic name, create-only and atomically: the tar streams into a
/// staged upload in blocks (bounded memory) and becomes visible only at the create-only commit. When the shard already
/// exists (a re-run, or another writer won the race) nothing is written and the existing shard's record is returned.
/// Tar entries are Pax (ustar cuts names at 100 bytes) with a fixed time, owner and mode, so the same samples give the
/// same bytes except for the name .NET gives each entry's extended header (<c>PaxHeaders.PID/...</c>, the writing
/// process' id); nothing relies on equal bytes: shards are create-only and the first writer's record stands.
/// </summary>
public static class ShardWriter
{
    public const int BlockSize = 4 * 1024 * 1024;

    private static readonly UnixFileMode MemberMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static Task<ShardRecord> WriteAsync(IBlobStore output, int shardIndex, IReadOnlyList<ShardSample> samples,
        CancellationToken cancellationToken) =>
        WriteAsync(output, ShardNames.ForIndex(shardIndex), samples, cancellationToken);

    /// <summary>Writes the shard under <paramref name="name"/> (e.g. a refresh's <see cref="ShardNames.ForJob"/>).</summary>
    public static async Task<ShardRecord> WriteAsync(IBlobStore output, string name, IReadOnlyList<ShardSample> samples,
        CancellationToken cancellationToken)
    {
        Validate(samples);
        if (await output.GetInfoAsync(name, cancellationToken) != null)
            return await ShardReader.DescribeAsync(output, name, cancellationToken);

        await using var upload = await output.BeginStagedUploadAsync(name, cancellationToken);
        var blocks = new StagedUploadStream(upload, BlockSize);
        await using var hashing = new HashingStream(blocks, leaveOpen: true);
        var members = 0;
        await using (var tar = new TarWriter(hashing, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var member in samples.SelectMany(sample => sample.Members))
            {
                await tar.WriteEntryAsync(Entry(member), cancellationToken);
                members++;
            }
        }
        await blocks.FlushAsync(cancellationToken);
        var committed = await upload.CommitAsync(cancellationToken);
        return committed == null
            ? await ShardReader.DescribeAsync(output, name, cancellationToken)
            : new ShardRecord(name, members, hashing.BytesSeen, hashing.Sha256Hex);
    }

    private static PaxTarEntry Entry(ShardMember member) =>
        new(TarEntryType.RegularFile, member.Name)
        {
            DataStream = new MemoryStream(member.Content, writable: false),
            ModificationTime = DateTimeOffset.UnixEpoch,
            Mode = MemberMode,
            Uid = 0,
            Gid = 0,
        };

    /// <summary>Keys must follow <see cref="ShardKeys"/>, be unique within the shard, and every member must be named
    /// "key.ext".</summary>
    private static void Validate(IReadOnlyList<ShardSample> samples)
    {
        if (samples.Count == 0) throw new ArgumentException("a shard needs at least one sample", nameof(samples));
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sample in samples)
        {
            var problem = ShardKeys.Problem(sample.Key)
                ?? (!keys.Add(sample.Key) ? "key appears twice in the shard" : null)
                ?? (sample.Members.Count == 0 ? "sample has no members" : null)
                ?? sample.Members.Select(member => MemberProblem(sample.Key, member.Name)).FirstOrDefault(p => p != null);
            if (problem != null) throw new ArgumentException($"shard sample '{sample.Key}': {problem}", nameof(samples));
        }
    }

    private static string? MemberProblem(string key, string memberName) =>
        memberName.Length > key.Length + 1 && memberName.StartsWith(key + ".", StringComparison.Ordinal)
            && !memberName.AsSpan(key.Length).Contains('/')
            ? null
            : $"member '{memberName}' is not named '{key}.<ext>'";
}
