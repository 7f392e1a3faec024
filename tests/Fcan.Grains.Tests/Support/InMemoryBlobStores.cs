using System.Collections.Concurrent;
using Fcan.Grains.Storage;

namespace Fcan.Grains.Tests.Support;

/// <summary>One in-memory store per URI, the same instance for every silo of the test cluster.</summary>
public sealed class InMemoryBlobStores : IBlobStoreResolver
{
    private readonly ConcurrentDictionary<string, InMemoryBlobStore> stores = new();

    public InMemoryBlobStore Get(string uri) => stores.GetOrAdd(uri, location => new InMemoryBlobStore(location));

    Fcan.Data.Storage.IBlobStore IBlobStoreResolver.Open(string uri) => Get(uri);
}
