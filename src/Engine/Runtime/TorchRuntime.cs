using TorchSharp;

namespace Fcan.Engine.Runtime;

/// <summary>
/// Prepares libtorch for this process: keeps its large CPU tensors' memory from being faulted in again on every pass
/// (<see cref="CpuMemory"/>); on CPU turns oneDNN off (its ResNet-50 backward pass dies with SIGFPE on the
/// CI machines) and NNPACK off (it only prints "unsupported hardware"); see ../shared/notes/machines.md §2.
/// For CUDA it first loads the host's libtorch named by FCAN_LIBTORCH_DIR (§3).
/// </summary>
public static class TorchRuntime
{
    private static readonly Lock Gate = new();
    private static bool cpuReady;
    private static bool cudaReady;

    /// <summary>Makes <paramref name="device"/> usable or throws <see cref="DeviceUnavailableException"/>.</summary>
    public static void Ensure(EngineDevice device)
    {
        if (device.IsCuda) EnsureCuda(device.Index);
        else EnsureCpu();
    }

    /// <summary>Loads libtorch for the CPU and applies the context switches; idempotent and thread-safe.</summary>
    public static void EnsureCpu()
    {
        lock (Gate)
        {
            if (cpuReady) return;
            CpuMemory.Tune();
            // A build without bundled natives (-p:FcanTorch=cuda) runs on the host's libtorch for the CPU too.
            var folder = HostLibtorch.Folder;
            if (folder != null) HostLibtorch.LoadCpu(folder);
            try
            {
                torch.InitializeDeviceType(DeviceType.CPU);
            }
            catch (Exception e) when (e is NotSupportedException or DllNotFoundException)
            {
                throw new DeviceUnavailableException(
                    $"libtorch for the CPU did not load ({e.Message.Split('\n', 2)[0].Trim()}); a build without natives needs {HostLibtorch.FolderVariable}");
            }
            DisableCpuBackends();
            cpuReady = true;
        }
    }

    private static void EnsureCuda(int index)
    {
        lock (Gate)
        {
            if (!cudaReady)
            {
                CpuMemory.Tune();
                // Must run before anything touches the torch class: its static constructor loads natives.
                var folder = HostLibtorch.Folder;
                if (folder != null) HostLibtorch.LoadCuda(folder);
                try
                {
                    torch.InitializeDeviceType(DeviceType.CUDA);
                }
                catch (Exception e) when (e is NotSupportedException or InvalidOperationException or DllNotFoundException)
                {
                    throw new DeviceUnavailableException(CudaFailure(folder, e.Message));
                }
                if (!torch.cuda.is_available())
                    throw new DeviceUnavailableException(CudaFailure(folder, "libtorch reports no CUDA device"));
                DisableCpuBackends();
                cpuReady = cudaReady = true;
            }
            var count = torch.cuda.device_count();
            if (index >= count)
                throw new DeviceUnavailableException($"cuda:{index} requested but only {count} CUDA device(s) are visible");
        }
    }

    private static string CudaFailure(string? folder, string reason)
    {
        var tried = folder == null
            ? $"{HostLibtorch.FolderVariable} is unset, so only TorchSharp's bundled natives were tried (a CPU build has none for CUDA)"
            : $"loaded libtorch from {HostLibtorch.FolderVariable}={folder}";
        return $"CUDA is not available: {tried}; {reason.Split('\n', 2)[0].Trim()}";
    }

    /// <summary>Allows TF32 tensor cores for float32 convolutions and matmuls on CUDA (process-wide; no effect on
    /// the CPU). Call after <see cref="Ensure"/>.</summary>
    public static void SetTf32(bool enabled) => LibtorchContext.SetTf32(enabled);

    /// <summary>Turns cuDNN autotuning on or off (process-wide; no effect on the CPU). Call after <see cref="Ensure"/>.</summary>
    public static void SetCudnnBenchmark(bool enabled) => LibtorchContext.SetCudnnBenchmark(enabled);

    /// <summary>Whether float32 matmuls may use TF32 (the cuBLAS switch <see cref="SetTf32"/> sets).</summary>
    public static bool Tf32Enabled => LibtorchContext.Tf32CuBlas;

    public static bool CudnnBenchmarkEnabled => LibtorchContext.CudnnBenchmark;

    private static void DisableCpuBackends()
    {
        LibtorchContext.SetMkldnn(false);
        LibtorchContext.SetNnpack(false);
    }
}
