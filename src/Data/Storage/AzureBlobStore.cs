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

    public async Task<BlobInfo?> GetInfoAsync(string name, CancellationToken cancellationToken)
    {
        var blob = Blob(name);
        try
        {
            var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            return new BlobInfo(name, properties.ContentLength, properties.ETag.ToString());
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (RequestFailedException e)
        {
            throw Failure(name, e);
        }
    }

    public async Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken)
    {
        var blob = Blob(name);
        try
        {
            return (await blob.DownloadStreamingAsync(cancellationToken: cancellationToken)).Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new BlobNotFoundException(Location, name);
        }
        catch (RequestFailedException e)
        {
            throw Failure(name, e);
        }
    }

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
        return new AzureStagedUpload(blob, name, Failure);
    }

    public async IAsyncEnumerable<BlobInfo> ListAsync(string listPrefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        BlobNames.ValidatePrefix(Location, listPrefix);
        await using var blobs = container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix + listPrefix, cancellationToken)
            .GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await blobs.MoveNextAsync()) yield break;
            }
            catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.ContainerNotFound)
            {
                yield break;
            }
            catch (RequestFailedException e)
            {
                throw Failure(listPrefix, e);
            }
            var item = blobs.Current;
            yield return new BlobInfo(item.Name[prefix.Length..], item.Properties.ContentLength ?? 0,
                item.Properties.ETag?.ToString() ?? "");
        }
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        var blob = Blob(name);
        try
        {
            return (await blob.DeleteIfExistsAsync(cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            return false;
        }
        catch (RequestFailedException e)
        {
            throw Failure(name, e);
        }
    }

    private async Task<BlobInfo?> UploadAsync(string name, Stream content, BlobRequestConditions conditions,
        CancellationToken cancellationToken)
    {
        var blob = Blob(name);
        await EnsureContainerAsync(cancellationToken);
        var length = content.CanSeek ? content.Length - content.Position : (long?)null;
        try
        {
            var uploaded = (await blob.UploadAsync(content, new BlobUploadOptions { Conditions = conditions }, cancellationToken)).Value;
            return length is { } known
                ? new BlobInfo(name, known, uploaded.ETag.ToString())
                : await GetInfoAsync(name, cancellationToken);
        }
        catch (RequestFailedException e) when (IsConditionFailure(e))
        {
            return null;
        }
        catch (RequestFailedException e)
        {
            throw Failure(name, e);
        }
    }

    /// <summary>The condition we sent did not hold: the blob exists (create-only), changed, or is gone (If-Match).</summary>
    internal static bool IsConditionFailure(RequestFailedException e) =>
        e.Status is 409 or 412 && e.ErrorCode is "BlobAlreadyExists" or "ConditionNotMet"
        || e.Status == 404 && e.ErrorCode == BlobErrorCode.BlobNotFound;

    /// <summary>Creates the container once per store before the first write, so output locations need no setup.</summary>
    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (containerExists) return;
        try
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e)
        {
            throw Failure("", e);
        }
        containerExists = true;
    }

    private BlobClient Blob(string name) => container.GetBlobClient(prefix + Checked(name));

    private string Checked(string name)
    {
        BlobNames.Validate(Location, name);
        return name;
    }

    private StorageException Failure(string name, RequestFailedException e) =>
        new($"{Location}/{name}: Azure Blob request failed ({e.Status} {e.ErrorCode ?? "no error code"})", e);
}
