namespace Fcan.Grains.Contracts;

/// <summary>What a device worker reports for a lease: the stored output, or why the attempt failed.</summary>
/// <param name="ItemKey">The item.</param>
/// <param name="LeaseId">The lease it was rendered under.</param>
/// <param name="OutputRef">Name of the stored output (written create-only under a deterministic name); null when failed.</param>
/// <param name="Sha256">Checksum of the stored output; null when failed.</param>
/// <param name="FailureReason">Why the attempt failed (one line); null when done.</param>
/// <param name="Retryable">False for failures that another attempt cannot fix (e.g. a corrupt source image).</param>
/// <param name="SourceSha256">The sha256 of the item's source files (image, then label); null when failed.</param>
/// <param name="Reused">The source was unchanged since the previous generation: nothing was rendered or stored.</param>
/// <param name="Outage">The attempt failed for a reason outside the item (storage or device unavailable): it is tried
/// again after a backoff and never uses up one of the item's attempts.</param>
[GenerateSerializer, Immutable, Alias("fcan.render-outcome")]
public sealed record RenderOutcome(
    string ItemKey,
    Guid LeaseId,
    string? OutputRef,
    string? Sha256,
    string? FailureReason,
    bool Retryable,
    string? SourceSha256 = null,
    bool Reused = false,
    bool Outage = false)
{
    public static RenderOutcome Done(RenderLease lease, string outputRef, string sha256, string sourceSha256) =>
        new(lease.ItemKey, lease.LeaseId, outputRef, sha256, null, false, sourceSha256);

    public static RenderOutcome Unchanged(RenderLease lease, string sourceSha256) =>
        new(lease.ItemKey, lease.LeaseId, null, null, null, false, sourceSha256, Reused: true);

    public static RenderOutcome Failure(RenderLease lease, string reason, bool retryable) =>
        new(lease.ItemKey, lease.LeaseId, null, null, reason, retryable);

    public static RenderOutcome OutageOf(RenderLease lease, string reason) =>
        new(lease.ItemKey, lease.LeaseId, null, null, reason, true, Outage: true);

    public bool Succeeded => OutputRef is not null || Reused;
}
