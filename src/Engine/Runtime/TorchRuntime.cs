using System.Runtime.InteropServices;
using TorchSharp;

namespace Fcan.Engine.Runtime;

/// <summary>
/// Prepares libtorch for this process: on CPU turns oneDNN off (its ResNet-50 backward pass dies with SIGFPE on the
/// CI machines) and NNPACK off (it only prints "unsupported hardware"); see ../shared/notes/machines.md §2.
/// </summary>
public static class TorchRuntime
{
    private static readonly Lock Gate = new();
    private static bool cpuReady;

    /// <summary>Loads libtorch for the CPU and applies the context switches; idempotent and thread-safe.</summary>
    public static void EnsureCpu()
    {
        lock (Gate)
        {
            if (cpuReady) return;
            torch.InitializeDeviceType(DeviceType.CPU);
            var library = NativeLibrary.Load("libtorch_cpu.so", typeof(torch).Assembly, null);
            var context = Call<GlobalContext>(library, "_ZN2at13globalContextEv")();
            Call<SetFlag>(library, "_ZN2at7Context20setUserEnabledMkldnnEb")(context, false);
            Call<SetFlag>(library, "_ZN2at7Context20setUserEnabledNNPACKEb")(context, false);
            cpuReady = true;
        }
    }

    private static T Call<T>(IntPtr library, string symbol) where T : Delegate =>
        Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(library, symbol));

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr GlobalContext();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetFlag(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);
}
