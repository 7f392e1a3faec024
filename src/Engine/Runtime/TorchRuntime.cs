using System.Runtime.InteropServices;
using TorchSharp;

namespace Fcan.Engine.Runtime;

/// <summary>
/// Prepares libtorch for this process: on CPU turns oneDNN off (its ResNet-50 backward pass dies with SIGFPE on the
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

    private static void DisableCpuBackends()
    {
        var library = NativeLibrary.Load("libtorch_cpu.so", typeof(torch).Assembly, null);
        var context = Call<GlobalContext>(library, "_ZN2at13globalContextEv")();
        Call<SetFlag>(library, "_ZN2at7Context20setUserEnabledMkldnnEb")(context, false);
        Call<SetFlag>(library, "_ZN2at7Context20setUserEnabledNNPACKEb")(context, false);
    }

    private static T Call<T>(IntPtr library, string symbol) where T : Delegate =>
        Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(library, symbol));

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr GlobalContext();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetFlag(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);
}
