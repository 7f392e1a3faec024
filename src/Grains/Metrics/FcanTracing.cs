using System.Diagnostics;

namespace Fcan.Grains.Metrics;

/// <summary>
/// Fcan's spans: <c>fcan.job</c> (a job, from start to its final state), <c>fcan.shard</c> (one shard, from its first
/// items to its file written) under it, and <c>fcan.render</c> (one item on a device) under its shard. Jobs, shards
/// and renders live in different grains and processes, so each span's parent travels as a W3C traceparent in the
/// records that connect them (the job's record, the shard assignment, the lease); Orleans' activity propagation
/// carries the caller's context into grain calls, so a job started inside a caller's trace joins it.
/// A span lives in memory: when the grain holding it is deactivated (a silo dies) it is lost, and its children
/// keep the trace id.
/// </summary>
public static class FcanTracing
{
    public const string SourceName = "Fcan";

    /// <summary>One process-wide source, like a <see cref="System.Diagnostics.Metrics.Meter"/>: listeners subscribe by name.</summary>
    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>Starts a span under <paramref name="parent"/> (a traceparent; null: under the current activity);
    /// null when nobody listens.</summary>
    public static Activity? Start(string name, string? parent, params (string Key, object? Value)[] tags)
    {
        var activity = Source.StartActivity(name, ActivityKind.Internal, parent);
        foreach (var (key, value) in tags) activity?.SetTag(key, value);
        return activity;
    }
}
