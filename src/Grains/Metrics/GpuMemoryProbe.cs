using System.Diagnostics.Metrics;
using System.Globalization;
using System.Runtime.InteropServices;
using Fcan.Grains.Workers;
using Microsoft.Extensions.Options;

namespace Fcan.Grains.Metrics;

/// <summary>Memory in use on this silo's CUDA devices, read through NVIDIA's management library (NVML, the driver's
/// libnvidia-ml.so.1) since TorchSharp exposes no CUDA memory statistics. On a host without the driver, or a silo
/// without CUDA devices, it observes nothing, so the gauge is simply absent. Device indices are NVML's, which match
/// CUDA's with CUDA_DEVICE_ORDER=PCI_BUS_ID.</summary>
public sealed unsafe class GpuMemoryProbe
{
    private const int Success = 0;

    private readonly IReadOnlyList<(string Device, uint Index)> devices;
    private readonly delegate* unmanaged<uint, out nint, int> handleByIndex;
    private readonly delegate* unmanaged<nint, out NvmlMemory, int> memoryInfo;

    public GpuMemoryProbe(IOptions<DeviceWorkerOptions> options)
    {
        devices = [.. options.Value.Devices.Select(CudaIndex).OfType<(string, uint)>()];
        if (devices.Count == 0 || !NativeLibrary.TryLoad("libnvidia-ml.so.1", out var nvml)) return;
        if (!NativeLibrary.TryGetExport(nvml, "nvmlInit_v2", out var init)
            || !NativeLibrary.TryGetExport(nvml, "nvmlDeviceGetHandleByIndex_v2", out var byIndex)
            || !NativeLibrary.TryGetExport(nvml, "nvmlDeviceGetMemoryInfo", out var memory)
            || ((delegate* unmanaged<int>)init)() != Success)
            return;
        handleByIndex = (delegate* unmanaged<uint, out nint, int>)byIndex;
        memoryInfo = (delegate* unmanaged<nint, out NvmlMemory, int>)memory;
    }

    /// <summary>True when NVML answered and the silo has CUDA devices.</summary>
    public bool Available => memoryInfo != null;

    public IEnumerable<Measurement<long>> Observe()
    {
        if (!Available) return [];
        var measurements = new List<Measurement<long>>();
        foreach (var (device, index) in devices)
            if (handleByIndex(index, out var handle) == Success && memoryInfo(handle, out var memory) == Success)
                measurements.Add(new Measurement<long>((long)memory.Used, new KeyValuePair<string, object?>("device", device)));
        return measurements;
    }

    private static (string, uint)? CudaIndex(string device)
    {
        if (device.Equals("cuda", StringComparison.OrdinalIgnoreCase)) return (device, 0);
        return device.StartsWith("cuda:", StringComparison.OrdinalIgnoreCase)
            && uint.TryParse(device[5..], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                ? (device, index)
                : null;
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly struct NvmlMemory
    {
        public readonly ulong Total;
        public readonly ulong Free;
        public readonly ulong Used;
    }
}
