namespace Fcan.Testing;

/// <summary>Where the repository and its neighbours are, found from the test binary's folder.</summary>
public static class RepositoryPaths
{
    /// <summary>The repository root: the nearest folder above the binaries that holds Fcan.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Tools the test setup installs (Azurite from npm) live here, ignored by git.</summary>
    public static string Tools => Path.Combine(Root, ".tools");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Fcan.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Fcan.sln above {AppContext.BaseDirectory}");
    }
}
