namespace Fcan.Grains.Contracts;

/// <summary>One device worker of a silo, as `fcan cluster status` lists it.</summary>
/// <param name="WorkerId">Unique per silo and device, e.g. "10.0.0.5:11111@123/cuda:0".</param>
/// <param name="Device">"cpu", "cuda:0", ...</param>
/// <param name="Silo">The silo the device belongs to.</param>
/// <param name="Activity">Idle, rendering or stopping.</param>
/// <param name="JobId">The job it is rendering for, when rendering.</param>
/// <param name="Rendered">Items it rendered since the silo started.</param>
/// <param name="Failed">Attempts that failed on it since the silo started.</param>
/// <param name="ReportedAt">When the worker last reported; a stale report means a dead silo.</param>
/// <param name="ImagesPerHour">Its recent rendering rate (items finished per hour over the last minutes).</param>
[GenerateSerializer, Immutable, Alias("fcan.device-status")]
public sealed record DeviceStatus(
    string WorkerId,
    string Device,
    string Silo,
    DeviceActivity Activity,
    string? JobId,
    long Rendered,
    long Failed,
    DateTimeOffset ReportedAt,
    double ImagesPerHour = 0);
