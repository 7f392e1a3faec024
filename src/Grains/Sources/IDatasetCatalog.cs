using Fcan.Grains.Contracts;

namespace Fcan.Grains.Sources;

/// <summary>Lists a job's source dataset: item keys only, cheap, in a stable order (the order decides shards).</summary>
public interface IDatasetCatalog
{
    IAsyncEnumerable<string> ListKeysAsync(JobSpec spec, CancellationToken cancellationToken);
}
