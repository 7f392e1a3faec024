using Fcan.Engine.Runtime;

namespace Fcan.Engine.Tests.Runtime;

/// <summary>The libtorch context switches and memory probes the benchmark and the device workers use.</summary>
public class RuntimeSwitchTests
{
    [Fact]
    public void Tf32AndCudnnBenchmarkSwitchesReachLibtorch()
    {
        TorchRuntime.EnsureCpu();
        try
        {
            TorchRuntime.SetTf32(true);
            TorchRuntime.SetCudnnBenchmark(true);
            Assert.True(TorchRuntime.Tf32Enabled);
            Assert.True(TorchRuntime.CudnnBenchmarkEnabled);
        }
        finally
        {
            TorchRuntime.SetTf32(false);
            TorchRuntime.SetCudnnBenchmark(false);
        }
        Assert.False(TorchRuntime.Tf32Enabled);
        Assert.False(TorchRuntime.CudnnBenchmarkEnabled);
    }

    [Fact]
    public void PeakResidentMemoryIsReported()
    {
        var peak = ProcessMemory.PeakResidentBytes();
        Assert.NotNull(peak);
        Assert.InRange(peak.Value, 10L << 20, 1L << 40);
    }

    [Fact]
    public void CudaMemoryIsEitherUnknownOrConsistent()
    {
        // Without a CUDA runtime (the CI machines) the probe answers null instead of throwing.
        if (CudaMemory.Info() is { } info) Assert.InRange(info.Free, 0, info.Total);
        else Assert.Null(CudaMemory.UsedBytes());
    }
}
