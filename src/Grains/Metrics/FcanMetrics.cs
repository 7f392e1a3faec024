using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Fcan.Grains.Metrics;

/// <summary>Fcan's own meter ("Fcan"): what the silo's devices render, how long an AAN iteration takes, what fails,
/// and their GPU memory (the queue depth comes from <see cref="QueueDepthSampler"/>, on the same meter). One instance
/// per silo, from DI; device workers call it, and the Prometheus endpoint exports it next to Orleans' meter. Images
/// per second is left to PromQL (<c>rate(fcan_images_rendered_total[1m])</c>), which averages over any window.</summary>
public sealed class FcanMetrics
{
    public const string MeterName = "Fcan";

    private readonly Counter<long> rendered;
    private readonly Counter<long> failures;
    private readonly Histogram<double> iterationDuration;

    public FcanMetrics(IMeterFactory meters, GpuMemoryProbe gpuMemory)
    {
        var meter = meters.Create(MeterName);
        rendered = meter.CreateCounter<long>("fcan.images.rendered", "{image}", "Images rendered and stored, by device");
        failures = meter.CreateCounter<long>("fcan.render.failures", "{attempt}",
            "Render attempts that failed, by kind: bad_item (never retried), render (retried), infrastructure (storage or device, retried)");
        iterationDuration = meter.CreateHistogram<double>("fcan.aan.iteration.duration", "ms",
            "Wall time per AAN iteration of each rendered image (its render time over its iterations), by device");
        meter.CreateObservableGauge("fcan.gpu.memory.used", gpuMemory.Observe, "By",
            "Memory in use on each CUDA device of this silo (from NVIDIA's management library); absent without one");
    }

    public void ItemRendered(string device, TimeSpan renderTime, int iterations)
    {
        var tag = new KeyValuePair<string, object?>("device", device);
        rendered.Add(1, tag);
        if (iterations > 0) iterationDuration.Record(renderTime.TotalMilliseconds / iterations, tag);
    }

    public void ItemFailed(string device, RenderFailureKind kind) =>
        failures.Add(1, new TagList { { "device", device }, { "kind", KindName(kind) } });

    private static string KindName(RenderFailureKind kind) => kind switch
    {
        RenderFailureKind.BadItem => "bad_item",
        RenderFailureKind.Render => "render",
        _ => "infrastructure",
    };
}
