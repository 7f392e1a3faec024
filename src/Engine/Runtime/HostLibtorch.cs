using System.Runtime.InteropServices;

namespace Fcan.Engine.Runtime;

/// <summary>
/// Loads an existing PyTorch/libtorch (the folder named by FCAN_LIBTORCH_DIR, e.g. site-packages/torch/lib) before
/// TorchSharp looks for its own natives, so a build without bundled natives runs on a GPU host's CUDA libtorch
/// (../shared/notes/machines.md §3). The dynamic loader then resolves libLibTorchSharp's dependencies to these
/// already-loaded libraries by their sonames.
/// </summary>
internal static class HostLibtorch
{
    public const string FolderVariable = "FCAN_LIBTORCH_DIR";

    // Dependency order: each library only needs the ones before it.
    private static readonly string[] CpuLibraries = ["libc10.so", "libtorch_cpu.so", "libtorch.so"];
    private static readonly string[] CudaLibraries =
        ["libc10.so", "libtorch_cpu.so", "libc10_cuda.so", "libtorch_cuda.so", "libtorch.so"];

    /// <summary>The configured folder, or null when the variable is unset.</summary>
    public static string? Folder => Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } dir ? dir : null;

    /// <summary>Loads the CUDA libtorch libraries from <paramref name="folder"/>; throws with the first that fails.</summary>
    public static void LoadCuda(string folder) => Load(folder, CudaLibraries, "CUDA");

    /// <summary>Loads libtorch for the CPU from <paramref name="folder"/> (a build without bundled natives).</summary>
    public static void LoadCpu(string folder) => Load(folder, CpuLibraries, "the CPU");

    private static void Load(string folder, string[] libraries, string purpose)
    {
        if (!Directory.Exists(folder))
            throw new DeviceUnavailableException($"libtorch for {purpose}: {FolderVariable}={folder} is not a folder");
        foreach (var name in libraries)
        {
            var path = Path.Combine(folder, name);
            if (!File.Exists(path))
                throw new DeviceUnavailableException($"libtorch for {purpose}: {path} does not exist ({FolderVariable} must name PyTorch's torch/lib folder)");
            try
            {
                NativeLibrary.Load(path);
            }
            catch (DllNotFoundException e)
            {
                throw new DeviceUnavailableException($"libtorch for {purpose}: {path} failed to load: {FirstLine(e.Message)}");
            }
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
