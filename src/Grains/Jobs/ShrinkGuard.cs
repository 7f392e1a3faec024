using System.Globalization;
using Fcan.Data.Shards;

namespace Fcan.Grains.Jobs;

/// <summary>A refresh must not quietly publish a much smaller dataset: a source that is unmounted, half copied or
/// emptied by mistake would otherwise replace the current generation at the next scheduled run.</summary>
public static class ShrinkGuard
{
    /// <summary>The share of the current generation's items a refresh may drop without <c>--allow-shrink</c>.</summary>
    public const double MaxDropShare = 0.10;

    /// <summary>Why publishing <paramref name="kept"/> in place of <paramref name="current"/> loses too much, or null.</summary>
    public static string? Problem(GenerationIndex? current, IEnumerable<string> kept, bool allowShrink)
    {
        if (allowShrink || current is null) return null;
        var keys = kept.ToHashSet(StringComparer.Ordinal);
        var items = current.Shards.SelectMany(shard => shard.Samples).Count();
        var dropped = current.Shards.SelectMany(shard => shard.Samples).Count(sample => !keys.Contains(sample.Key));
        if (dropped <= items * MaxDropShare) return null;
        return string.Create(CultureInfo.InvariantCulture,
            $"refresh would drop {dropped} of the {items} items of the current generation {current.Generation} " +
            $"({100.0 * dropped / items:0}%, more than {100 * MaxDropShare:0}%): is the source missing or unmounted? " +
            $"Nothing was published; convert with --allow-shrink to accept the smaller dataset");
    }
}
