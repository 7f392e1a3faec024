using Fcan.Data.Storage;

namespace Fcan.Grains.Storage;

/// <summary>Opens the store a URI names (a local path or az://container/prefix).</summary>
public interface IBlobStoreResolver
{
    IBlobStore Open(string uri);
}
