using System.Runtime.CompilerServices;
using Azure;
using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Fcan.Data.Storage;

/// <summary>
/// An Azure Blob container (optionally below a prefix) as a blob store, through Azure.Storage.Blobs.
/// Create-only writes send If-None-Match: *, replacements If-Match: ETag, staged uploads commit their block list
/// create-only, so readers never see a partial blob. Transient failures (timeouts, 408/429/5xx, broken connections)
/// are retried by the SDK's exponential backoff. Errors become one-line <see cref="StorageException"/>s naming
/// <c>az://container/prefix/name</c> and the service's error code, never the connection string.
/// A create-only write whose success response was lost is retried and then reports the blob as existing; callers
/// that must know (the shard writer) read the existing blob back.
/// </summary>
public sealed class AzureBlobStore : IBlobStore
{
    private readonly BlobContainerClient container;
    private readonly string prefix;
    private volatile bool containerExists;

    public AzureBlobStore(BlobContainerClient container, string prefix)
    {
        BlobNames.ValidatePrefix($"az://{container.Name}", prefix);
        this.container = container;
        this.prefix = prefix.Length == 0 || prefix.EndsWith('/') ? prefix : prefix + "/";
        Location = $"az://{container.Name}/{this.prefix}".TrimEnd('/');
    }

    /// <summary>Opens <paramref name="containerName"/> with a connection string (Azurite's works too).</summary>
    public static AzureBlobStore Connect(string connectionString, string containerName, string prefix)
    {
        BlobServiceClient service;
        try
        {
            service = new BlobServiceClient(connectionString, RetryingOptions());
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            // The SDK's message may quote the string; ours must not.
            throw new StorageException($"az://{containerName}: the Azure Storage connection string is not valid");
        }
        return new AzureBlobStore(service.GetBlobContainerClient(containerName), prefix);
    }

    /// <summary>Exponential backoff on transient errors; a stalled request is abandoned and retried.</summary>
    public static BlobClientOptions RetryingOptions()
    {
        var options = new BlobClientOptions();
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 6;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(15);
        options.Retry.NetworkTimeout = TimeSpan.FromMinutes(2);
        return options;
    }

    public string Location { get; }

    public Task<BlobInfo?> GetInfoAsync(string name, CancellationToken cancellationToken) =>
        AzureRequest.RunAsync(Location, name, async () =>
        {
            try
            {
                var properties = (await Blob(name).GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
                return new BlobInfo(name, properties.ContentLength, properties.ETag.ToString());
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return (BlobInfo?)null;
            }
        });

    public Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken) =>
        AzureRequest.RunAsync(Location, name, async () =>
        {
            try
            {
                return (await Blob(name).DownloadStreamingAsync(cancellationToken: cancellationToken)).Value.Content;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                throw new BlobNotFoundException(Location, name);
            }
        });

    public Task<BlobInfo?> TryCreateAsync(string name, Stream content, CancellationToken cancellationToken) =>
        UploadAsync(name, content, new BlobRequestConditions { IfNoneMatch = ETag.All }, cancellationToken);

    public Task<BlobInfo?> TryReplaceAsync(string name, Stream content, string? ifMatchETag, CancellationToken cancellationToken) =>
        UploadAsync(name, content,
            ifMatchETag == null
                ? new BlobRequestConditions { IfNoneMatch = ETag.All }
                : new BlobRequestConditions { IfMatch = new ETag(ifMatchETag) },
            cancellationToken);

    public async Task<IStagedUpload> BeginStagedUploadAsync(string name, CancellationToken cancellationToken)
    {
        var blob = container.GetBlockBlobClient(prefix + Checked(name));
        await EnsureContainerAsync(cancellationToken);
        return new AzureStagedUpload(blob, Location, name);
    }

    public async IAsyncEnumerable<BlobInfo> ListAsync(string listPrefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        BlobNames.ValidatePrefix(Location, listPrefix);
        await using var blobs = container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix + listPrefix, cancellationToken)
            .GetAsyncEnumerator(cancellationToken);
        while (await AzureRequest.RunAsync(Location, listPrefix, () => NextAsync(blobs)))
        {
            var item = blobs.Current;
            yield return new BlobInfo(item.Name[prefix.Length..], item.Properties.ContentLength ?? 0,
                item.Properties.ETag?.ToString() ?? "");
        }
    }

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken) =>
        AzureRequest.RunAsync(Location, name, async () =>
        {
            try
            {
                return (await Blob(name).DeleteIfExistsAsync(cancellationToken: cancellationToken)).Value;
            }
            catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.ContainerNotFound)
            {
                return false;
            }
        });

    /// <summary>A missing container lists as empty.</summary>
    private static async Task<bool> NextAsync(IAsyncEnumerator<BlobItem> blobs)
    {
        try
        {
            return await blobs.MoveNextAsync();
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            return false;
        }
    }

    private async Task<BlobInfo?> UploadAsync(string name, Stream content, BlobRequestConditions conditions,
        CancellationToken cancellationToken)
    {
        var blob = Blob(name);
        await EnsureContainerAsync(cancellationToken);
        var length = content.CanSeek ? content.Length - content.Position : (long?)null;
        var uploaded = await AzureRequest.RunAsync(Location, name, async () =>
        {
            try
            {
                return (await blob.UploadAsync(content, new BlobUploadOptions { Conditions = conditions }, cancellationToken)).Value;
            }
            catch (RequestFailedException e) when (AzureRequest.IsConditionFailure(e))
            {
                return null;
            }
        });
        if (uploaded == null) return null;
        return length is { } known ? new BlobInfo(name, known, uploaded.ETag.ToString()) : await GetInfoAsync(name, cancellationToken);
    }

    /// <summary>Creates the container once per store before the first write, so output locations need no setup.</summary>
    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (containerExists) return;
        await AzureRequest.RunAsync(Location, "", () => container.CreateIfNotExistsAsync(cancellationToken: cancellationToken));
        containerExists = true;
    }

    private BlobClient Blob(string name) => container.GetBlobClient(prefix + Checked(name));

    private string Checked(string name)
    {
        BlobNames.Validate(Location, name);
        return name;
    }
}
