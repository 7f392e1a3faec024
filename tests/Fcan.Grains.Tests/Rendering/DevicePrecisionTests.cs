using Fcan.Engine.Aan;
using Fcan.Engine.Networks;
using Fcan.Engine.Runtime;
using Fcan.Grains.Rendering;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fcan.Grains.Tests.Rendering;

public sealed class DevicePrecisionTests
{
    [Fact]
    public void Auto_renders_float32_on_the_cpu_and_a_configured_precision_is_kept()
    {
        using var network = FeatureNetworks.LoadResNet18(EngineDevice.Cpu);
        Assert.Equal(AanPrecision.Fp32, new DevicePrecision("auto", NullLogger.Instance).For(network, CancellationToken.None));
        Assert.Equal(AanPrecision.Tf32, new DevicePrecision("tf32", NullLogger.Instance).For(network, CancellationToken.None));
        Assert.Equal(AanPrecision.Fp32, new DevicePrecision("fp32", NullLogger.Instance).For(network, CancellationToken.None));
    }

    [Fact]
    public void An_unknown_precision_fails_when_the_silo_starts()
    {
        var error = Assert.Throws<ArgumentException>(() => new DevicePrecision("fp16", NullLogger.Instance));
        Assert.StartsWith("device worker precision 'fp16': expected auto, fp32, tf32 or bf16", error.Message);
    }
}
