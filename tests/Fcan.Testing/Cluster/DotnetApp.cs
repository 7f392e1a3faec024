using System.Diagnostics;

namespace Fcan.Testing.Cluster;

/// <summary>A built .NET program: a framework-dependent <c>.dll</c> (run through <c>dotnet</c>, as test outputs hold
/// them) or an apphost/self-contained executable.</summary>
public sealed record DotnetApp(string Path)
{
    /// <summary>The app named <paramref name="assemblyName"/> next to the running test binaries.</summary>
    public static DotnetApp NextToTests(string assemblyName) =>
        new(System.IO.Path.Combine(AppContext.BaseDirectory, assemblyName + ".dll"));

    /// <summary>A start description with redirected output and the given arguments and environment.</summary>
    public ProcessStartInfo StartInfo(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        if (!File.Exists(Path)) throw new FileNotFoundException($"{Path} is missing: build it first", Path);
        var dll = Path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var info = new ProcessStartInfo(dll ? "dotnet" : Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (dll) info.ArgumentList.Add(Path);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment.Remove("FCAN_HOME");
        info.Environment.Remove("FCAN_CLUSTER");
        info.Environment.Remove("FCAN_AZURE_STORAGE");
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment) info.Environment[name] = value;
        return info;
    }
}
