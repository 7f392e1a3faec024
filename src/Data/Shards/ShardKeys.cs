using System.Text;
using Fcan.Data.Storage;

namespace Fcan.Data.Shards;

/// <summary>The one rule for a sample key of a WebDataset shard: a safe blob name, no '.' in its file name (WebDataset
/// readers split member names at the first one), and short enough that every member and the item's work archive
/// can be stored and extracted anywhere.</summary>
public static class ShardKeys
{
    /// <summary>File systems name a file in at most 255 bytes; the rest is left for the longest member suffix
    /// (".label.png", the work archive's ".tar").</summary>
    public const int MaxSegmentBytes = 224;

    /// <summary>Azure blob names are at most 1024 characters; the output's prefix and the job's folder come on top.</summary>
    public const int MaxKeyBytes = 512;

    /// <summary>Why <paramref name="key"/> can't name a sample ("its key 'K' ..."), or null when it can.</summary>
    public static string? Problem(string key)
    {
        var reason = BlobNames.Problem(key) is { } unsafeName
            ? $"is unsafe ({unsafeName})"
            : ShardNames.KeyOf(key) != key
                ? "has a '.' in the file name, which WebDataset readers would split at"
                : LengthProblem(key);
        return reason == null ? null : $"its key '{key}' {reason}";
    }

    private static string? LengthProblem(string key)
    {
        var bytes = Encoding.UTF8.GetByteCount(key);
        if (bytes > MaxKeyBytes) return $"is {bytes} bytes long (UTF-8), more than the {MaxKeyBytes} allowed";
        var longest = key.Split('/').Max(Encoding.UTF8.GetByteCount);
        return longest > MaxSegmentBytes
            ? $"has a name of {longest} bytes (UTF-8), more than the {MaxSegmentBytes} a file name may take with its members' suffixes"
            : null;
    }
}
