using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Fcan.Grains.Contracts;
using Fcan.Grains.Sources;

namespace Fcan.Grains.Tests.Support;

/// <summary>A <see cref="NumberedCatalog"/> whose listing can fail part-way, once per planned failure: an unreadable
/// subfolder, or an Azure listing that gives up beyond the SDK's retries.</summary>
public sealed class ScriptedCatalog : IDatasetCatalog
{
    private readonly NumberedCatalog numbered = new();
    private readonly ConcurrentQueue<int> failAfter = new();

    /// <summary>The next listing fails after <paramref name="keys"/> keys.</summary>
    public void FailNextListingAfter(int keys) => failAfter.Enqueue(keys);

    public async IAsyncEnumerable<string> ListKeysAsync(JobSpec spec, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        int? failAt = failAfter.TryDequeue(out var keys) ? keys : null;
        var listed = 0;
        await foreach (var key in numbered.ListKeysAsync(spec, cancellationToken))
        {
            if (listed++ == failAt) throw new IOException($"listing {spec.Source} failed after {failAt} keys (injected)");
            yield return key;
        }
    }
}
