namespace Fcan.Grains.Contracts;

/// <summary>What a device worker reports for a lease: the stored output, or why the attempt failed.</summary>
/// <param name="ItemKey">The item.</param>
/// <param name="LeaseId">The lease it was rendered under.</param>
/// <param name="OutputRef">Name of the stored output (written create-only under a deterministic name); null when failed.</param>
/// <param name="Sha256">Checksum of the stored output; null when failed.</param>
/// <param name="FailureReason">Why the attempt failed (one line); null when done.</param>
/// <param name="Retryable">False for failures that another attempt cannot fix (e.g. a corrupt source image).</param>
[GenerateSerializer, Immutable, Alias("fcan.render-outcome")]
public sealed record RenderOutcome(
    string ItemKey,
    Guid LeaseId,
    string? OutputRef,
    string? Sha256,
    string? FailureReason,
    bool Retryable)
{
    public static RenderOutcome Done(RenderLease lease, string outputRef, string sha256) =>
        new(lease.ItemKey, lease.LeaseId, outputRef, sha256, null, false);

    public static RenderOutcome Failure(RenderLease lease, string reason, bool retryable) =>
        new(lease.ItemKey, lease.LeaseId, null, null, reason, retryable);

    public bool Succeeded => OutputRef is not null;
}
