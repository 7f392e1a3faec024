using System.Collections.Concurrent;
using Fcan.Data.Storage;

namespace Fcan.Grains.Storage;

/// <summary>One opened store per storage URI for the whole silo: every item of a job writes to the same output, and
/// an Azure store holds a client worth reusing.</summary>
public sealed class BlobStoreCache
{
    private readonly ConcurrentDictionary<string, IBlobStore> stores = new(StringComparer.Ordinal);

    public IBlobStore Open(string uri) => stores.GetOrAdd(uri, BlobStores.Open);
}
