using System.Text.RegularExpressions;

namespace Fcan.Data.Storage;

/// <summary>Opens the store a storage URI names (spec/cli.md): a local path, or <c>az://container/prefix</c> with the
/// account's connection string from <see cref="AzureConnectionVariable"/>.</summary>
public static partial class BlobStores
{
    public const string AzureConnectionVariable = "FCAN_AZURE_STORAGE";

    private const string AzureScheme = "az://";

    public static IBlobStore Open(string uri) =>
        Open(uri, Environment.GetEnvironmentVariable(AzureConnectionVariable));

    /// <summary>Like <see cref="Open(string)"/> with an explicit connection string (tests, embedding hosts).</summary>
    public static IBlobStore Open(string uri, string? azureConnectionString)
    {
        if (string.IsNullOrWhiteSpace(uri)) throw new StorageException("empty storage location");
        if (uri.StartsWith(AzureScheme, StringComparison.OrdinalIgnoreCase))
            return OpenAzure(uri, azureConnectionString);
        if (uri.Contains("://", StringComparison.Ordinal))
            throw new StorageException($"{uri}: unsupported storage URI (use a local path or az://container/prefix)");
        return new LocalBlobStore(uri);
    }

    private static AzureBlobStore OpenAzure(string uri, string? connectionString)
    {
        var path = uri[AzureScheme.Length..];
        var slash = path.IndexOf('/');
        var container = slash < 0 ? path : path[..slash];
        var prefix = slash < 0 ? "" : path[(slash + 1)..];
        if (!ContainerName().IsMatch(container))
            throw new StorageException($"{uri}: '{container}' is not a valid container name (3-63 lowercase letters, digits, hyphens)");
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new StorageException($"{uri}: set {AzureConnectionVariable} to the storage account's connection string");
        return AzureBlobStore.Connect(connectionString, container, prefix);
    }

    [GeneratedRegex("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex ContainerName();
}
