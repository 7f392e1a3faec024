using System.Collections.Concurrent;
using Fcan.Engine.Aan;
using Fcan.Engine.Networks;
using Microsoft.Extensions.Logging;

namespace Fcan.Grains.Rendering;

/// <summary>
/// The AAN arithmetic a device worker renders with (<see cref="Workers.DeviceWorkerOptions.Precision"/>): "auto" is the
/// fastest choice that keeps float32's results everywhere (float32 on the CPU, TF32 on CUDA); bf16 only where
/// <see cref="AanPrecisionCheck"/> passes on that device and network. The check's verdict is kept per device and
/// network: it costs two small renders.
/// </summary>
public sealed class DevicePrecision
{
    private readonly ConcurrentDictionary<(string Device, string Network), AanPrecisionComparison> checks = new();
    private readonly AanPrecision? configured;
    private readonly ILogger log;

    /// <param name="configured">"auto", "fp32", "tf32" or "bf16"; anything else fails here, when the silo starts.</param>
    public DevicePrecision(string configured, ILogger log)
    {
        this.configured = configured switch
        {
            "auto" => null,
            "fp32" => AanPrecision.Fp32,
            "tf32" => AanPrecision.Tf32,
            "bf16" => AanPrecision.Bf16,
            _ => throw new ArgumentException($"device worker precision '{configured}': expected auto, fp32, tf32 or bf16", nameof(configured)),
        };
        this.log = log;
    }

    /// <summary>Runs on the device's render thread: the bf16 check renders with <paramref name="network"/>.</summary>
    public AanPrecision For(FeatureNetwork network, CancellationToken cancellationToken)
    {
        var safest = network.Device.IsCuda ? AanPrecision.Tf32 : AanPrecision.Fp32;
        if (configured != AanPrecision.Bf16) return configured ?? safest;
        var check = checks.GetOrAdd((network.Device.ToString(), network.Id),
            _ => AanPrecisionCheck.Compare(network, AanPrecision.Bf16, cancellationToken));
        if (check.Agrees) return AanPrecision.Bf16;
        log.LogWarning("bf16 is configured but fails its check on {Device} with {Network} ({Check}); rendering in {Precision}",
            network.Device, network.Id, check, safest);
        return safest;
    }
}
