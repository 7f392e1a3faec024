using System.Runtime.InteropServices;

namespace Fcan.Engine.Runtime;

/// <summary>
/// Where libtorch's CPU tensors get their memory. With glibc's defaults every large tensor (above all a convolution's
/// unfolded input: 150 MB for an adapter batch of 8 at 256x128, and the tensors of ResNet's early layers) is fresh
/// mmap'd memory that goes back to the kernel when freed, so every pass faults it in again, 4 KiB at a time: on these
/// VMs that was half the render thread's time (perf: memmove in unfolded2d_copy, then the kernel's page faults).
/// Two switches, set before libtorch allocates anything, fix most of it (BENCHMARKS.md, "CPU memory"):
/// THP_MEM_ALLOC_ENABLE makes libtorch align tensors of 2 MB and more to transparent huge pages and madvise them (512
/// times fewer faults); glibc's mmap threshold at its 32 MB maximum and a 2 GB trim threshold keep freed blocks below
/// that in the heap for the next pass instead of returning them. An operator who sets THP_MEM_ALLOC_ENABLE or
/// GLIBC_TUNABLES keeps their own choice (THP_MEM_ALLOC_ENABLE=0 and any GLIBC_TUNABLES give glibc's defaults).
/// </summary>
internal static partial class CpuMemory
{
    private const int MallocTrimThreshold = -1; // M_TRIM_THRESHOLD
    private const int MallocMmapThreshold = -3; // M_MMAP_THRESHOLD
    private const int LargestMmapThreshold = 32 * 1024 * 1024; // glibc refuses more on 64-bit
    private const int KeepFreedBelow = int.MaxValue;

    /// <summary>Applies both switches on Linux with glibc; elsewhere, or where a call is missing, does nothing.</summary>
    public static void Tune()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            // .NET's Environment keeps its own copy of the environment; libtorch's getenv reads the process's.
            if (Environment.GetEnvironmentVariable("THP_MEM_ALLOC_ENABLE") is null) SetEnv("THP_MEM_ALLOC_ENABLE", "1", 0);
            if (Environment.GetEnvironmentVariable("GLIBC_TUNABLES") is not null) return;
            MallOpt(MallocMmapThreshold, LargestMmapThreshold);
            MallOpt(MallocTrimThreshold, KeepFreedBelow);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // Not glibc (musl, say): its defaults stay; slower, not wrong.
        }
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);
}
