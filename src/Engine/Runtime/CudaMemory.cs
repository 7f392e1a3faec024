using System.Runtime.InteropServices;

namespace Fcan.Engine.Runtime;

/// <summary>
/// Free and total memory of the current CUDA device, from the CUDA runtime's C API (TorchSharp 0.107 has no memory
/// statistics). libtorch_cuda.so has already loaded the runtime, so its soname finds the same copy; the driver API
/// is the fallback. libtorch's caching allocator keeps what it reserved, so total - free after a render is its peak
/// reservation plus the CUDA context: an upper bound on torch.cuda.max_memory_allocated.
/// </summary>
public static class CudaMemory
{
    private static readonly string[] RuntimeLibraries = ["libcudart.so.13", "libcudart.so.12", "libcudart.so.11.0", "libcudart.so"];

    /// <summary>(free, total) bytes of the device current on this thread, or null when no CUDA library answers.</summary>
    public static (long Free, long Total)? Info()
    {
        foreach (var name in RuntimeLibraries)
            if (NativeLibrary.TryLoad(name, out var runtime) && NativeLibrary.TryGetExport(runtime, "cudaMemGetInfo", out var query))
                return Query(query);
        if (NativeLibrary.TryLoad("libcuda.so.1", out var driver) && NativeLibrary.TryGetExport(driver, "cuMemGetInfo_v2", out var driverQuery))
            return Query(driverQuery);
        return null;
    }

    /// <summary>total - free, or null when unknown.</summary>
    public static long? UsedBytes() => Info() is { } info ? info.Total - info.Free : null;

    private static (long Free, long Total)? Query(IntPtr function)
    {
        var memGetInfo = Marshal.GetDelegateForFunctionPointer<MemGetInfo>(function);
        // cudaSuccess and CUDA_SUCCESS are both 0.
        return memGetInfo(out var free, out var total) == 0 ? ((long)free, (long)total) : null;
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int MemGetInfo(out nuint free, out nuint total);
}
