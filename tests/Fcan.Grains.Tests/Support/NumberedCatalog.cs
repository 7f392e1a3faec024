using System.Globalization;
using System.Runtime.CompilerServices;
using Fcan.Grains.Contracts;
using Fcan.Grains.Sources;

namespace Fcan.Grains.Tests.Support;

/// <summary>A source of N items named by its URI, "items://N": keys item-00000 .. item-(N-1), in key order.</summary>
public sealed class NumberedCatalog : IDatasetCatalog
{
    public static string Source(int count) => $"items://{count}";

    public static IReadOnlyList<string> Keys(int count) =>
        Enumerable.Range(0, count).Select(i => $"item-{i:D5}").ToList();

    public async IAsyncEnumerable<string> ListKeysAsync(JobSpec spec,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var count = int.Parse(spec.Source["items://".Length..], CultureInfo.InvariantCulture);
        foreach (var key in Keys(count))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return key;
        }
        await Task.CompletedTask;
    }
}
