using System.Runtime.InteropServices;
using System.Text;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Fcan.Data.Storage;

/// <summary>Blocks staged on a block blob and committed create-only (If-None-Match: *) as one atomic block list.
/// Block ids carry a per-upload id, so two writers staging the same blob never overwrite each other's blocks.
/// Uncommitted blocks are invisible and the service discards them (after a week, or at the next commit).</summary>
internal sealed class AzureStagedUpload(BlockBlobClient blob, string location, string name) : IStagedUpload
{
    private readonly string uploadId = Guid.NewGuid().ToString("N");
    private readonly List<string> blockIds = [];
    private long length;

    public async Task StageBlockAsync(ReadOnlyMemory<byte> block, CancellationToken cancellationToken)
    {
        // Fixed-length ids: the service requires every id of a blob to have the same length.
        var id = Convert.ToBase64String(Encoding.ASCII.GetBytes($"{uploadId}{blockIds.Count:D8}"));
        using var content = MemoryMarshal.TryGetArray(block, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(block.ToArray(), writable: false);
        await AzureRequest.RunAsync(location, name, () => blob.StageBlockAsync(id, content, cancellationToken: cancellationToken));
        blockIds.Add(id);
        length += block.Length;
    }

    public Task<BlobInfo?> CommitAsync(CancellationToken cancellationToken) =>
        AzureRequest.RunAsync(location, name, async () =>
        {
            try
            {
                var options = new CommitBlockListOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } };
                var committed = (await blob.CommitBlockListAsync(blockIds, options, cancellationToken)).Value;
                return new BlobInfo(name, length, committed.ETag.ToString());
            }
            catch (RequestFailedException e) when (AzureRequest.IsConditionFailure(e))
            {
                return (BlobInfo?)null;
            }
        });

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
