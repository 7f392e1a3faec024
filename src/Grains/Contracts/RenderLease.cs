namespace Fcan.Grains.Contracts;

/// <summary>One item handed to a device worker until <paramref name="Deadline"/>; renew it while working.</summary>
/// <param name="JobId">The job the item belongs to.</param>
/// <param name="Shard">The item's shard (its partition of the job).</param>
/// <param name="ItemKey">The dataset item's key.</param>
/// <param name="Attempt">1 for the first attempt.</param>
/// <param name="LeaseId">Identifies this lease; a report with a stale lease id is ignored.</param>
/// <param name="Deadline">After this the item goes back to pending and may be leased elsewhere.</param>
/// <param name="PreviousSourceSha256">The source's sha256 when the output's previous generation made this item with the
/// same settings and pool version: a worker that finds the source unchanged reuses that output instead of rendering.</param>
/// <param name="TraceParent">The shard's span (W3C traceparent), the parent of the render's span.</param>
[GenerateSerializer, Immutable, Alias("fcan.render-lease")]
public sealed record RenderLease(string JobId, int Shard, string ItemKey, int Attempt, Guid LeaseId, DateTimeOffset Deadline,
    string? PreviousSourceSha256 = null, string? TraceParent = null);
