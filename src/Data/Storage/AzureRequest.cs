using Azure;

namespace Fcan.Data.Storage;

/// <summary>Runs one Azure Blob request and turns what escapes it into a one-line <see cref="StorageException"/> naming
/// the blob: a service error with its status and code, or a transport failure that outlived the SDK's retries.
/// Neither message carries the connection string or key.</summary>
internal static class AzureRequest
{
    public static async Task<T> RunAsync<T>(string location, string name, Func<Task<T>> request)
    {
        try
        {
            return await request();
        }
        catch (RequestFailedException e)
        {
            throw new StorageException($"{location}/{name}: Azure Blob request failed ({e.Status} {e.ErrorCode ?? "no error code"})", e);
        }
        catch (Exception e) when (e is AggregateException or IOException or HttpRequestException)
        {
            var cause = e is AggregateException aggregate ? aggregate.InnerExceptions[^1] : e;
            throw new StorageException($"{location}/{name}: Azure Blob unreachable after retries ({FirstLine(cause.Message)})", e);
        }
    }

    /// <summary>The condition we sent did not hold: the blob exists (create-only), changed, or is gone (If-Match).</summary>
    public static bool IsConditionFailure(RequestFailedException e) =>
        e.Status is 409 or 412 && e.ErrorCode is "BlobAlreadyExists" or "ConditionNotMet"
        || e.Status == 404 && e.ErrorCode == "BlobNotFound";

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
