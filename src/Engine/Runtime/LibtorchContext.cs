using System.Runtime.InteropServices;
using TorchSharp;

namespace Fcan.Engine.Runtime;

/// <summary>
/// libtorch's process-wide <c>at::globalContext()</c> switches, which TorchSharp 0.107 does not expose, called through
/// their exported C++ symbols in libtorch_cpu.so (the same library for the CPU and CUDA builds; names from nm -D).
/// </summary>
internal static class LibtorchContext
{
    public static void SetMkldnn(bool enabled) => Set("_ZN2at7Context20setUserEnabledMkldnnEb", enabled);

    public static void SetNnpack(bool enabled) => Set("_ZN2at7Context20setUserEnabledNNPACKEb", enabled);

    /// <summary>TF32 tensor cores for float32 matmuls (cuBLAS) and convolutions (cuDNN); CUDA only.</summary>
    public static void SetTf32(bool enabled)
    {
        Set("_ZN2at7Context18setAllowTF32CuBLASEb", enabled);
        Set("_ZN2at7Context17setAllowTF32CuDNNEb", enabled);
    }

    /// <summary>cuDNN autotuning: the first convolution of each shape tries the algorithms and keeps the fastest.</summary>
    public static void SetCudnnBenchmark(bool enabled) => Set("_ZN2at7Context17setBenchmarkCuDNNEb", enabled);

    public static bool Tf32CuBlas => Get("_ZNK2at7Context15allowTF32CuBLASEv");

    public static bool CudnnBenchmark => Get("_ZNK2at7Context14benchmarkCuDNNEv");

    private static void Set(string symbol, bool enabled) => Export<SetFlag>(symbol)(Context(), enabled);

    private static bool Get(string symbol) => Export<GetFlag>(symbol)(Context());

    private static IntPtr Context() => Export<GlobalContext>("_ZN2at13globalContextEv")();

    private static T Export<T>(string symbol) where T : Delegate
    {
        // Already loaded by TorchRuntime (bundled natives or the host's libtorch), so this only finds its handle.
        var library = NativeLibrary.Load("libtorch_cpu.so", typeof(torch).Assembly, null);
        if (!NativeLibrary.TryGetExport(library, symbol, out var address))
            throw new DeviceUnavailableException($"this libtorch has no {symbol} (a libtorch version this build doesn't know)");
        return Marshal.GetDelegateForFunctionPointer<T>(address);
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr GlobalContext();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetFlag(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    [return: MarshalAs(UnmanagedType.U1)]
    private delegate bool GetFlag(IntPtr context);
}
