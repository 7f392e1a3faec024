namespace Fcan.Grains.Hosting;

/// <summary>Where `fcan` and `fcan-silo` find the cluster's connection (which holds its password) when `--cluster` is
/// not given: <c>FCAN_CLUSTER</c>, or the file <c>FCAN_CLUSTER_FILE</c> names (a mounted secret). Either keeps the
/// password off the command line, which every user of the host can read in the process list.</summary>
public static class ClusterConnectionSource
{
    public const string Variable = "FCAN_CLUSTER";
    public const string FileVariable = "FCAN_CLUSTER_FILE";

    public static string? FromEnvironment()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value) return value;
        if (Environment.GetEnvironmentVariable(FileVariable) is not { Length: > 0 } file) return null;
        try
        {
            return File.ReadAllText(file).Trim();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{FileVariable} {file}: {error.Message}", error);
        }
    }
}
