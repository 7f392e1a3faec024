using Fcan.Client.Cli;

namespace Fcan.Client.Connection;

/// <summary>
/// Storage URIs as the user types them: `az://container/prefix` stays as it is; a local path becomes absolute, so a
/// silo with another working folder reads the same place.
/// </summary>
public static class StorageLocation
{
    public static bool IsBlob(string location) => location.StartsWith("az://", StringComparison.OrdinalIgnoreCase);

    public static string Normalize(string location)
    {
        if (string.IsNullOrWhiteSpace(location)) throw new UsageException("an empty path or URI was given");
        return IsBlob(location) ? location : Path.GetFullPath(location);
    }

    /// <summary>A local dataset or image location that must already exist; blob URIs are checked by the silos.</summary>
    public static string RequireExisting(string what, string location)
    {
        var normalized = Normalize(location);
        if (!IsBlob(normalized) && !Directory.Exists(normalized) && !File.Exists(normalized))
            throw new OperationFailedException($"{what} {location}: no such file or folder");
        return normalized;
    }

    /// <summary>
    /// Pool images as the pool grain wants them, one file each: a local folder becomes its PNG and JPEG files (sorted,
    /// so the same folder always gives the same pool version); files and blob URIs pass through.
    /// </summary>
    public static IEnumerable<string> ExpandImages(string location)
    {
        var normalized = RequireExisting("images", location);
        if (IsBlob(normalized) || !Directory.Exists(normalized)) return [normalized];
        var files = Directory.EnumerateFiles(normalized, "*", SearchOption.AllDirectories)
            .Where(f => ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal)
            .ToList();
        return files.Count > 0 ? files : throw new OperationFailedException($"images {location}: no PNG or JPEG files in this folder");
    }

    private static readonly HashSet<string> ImageExtensions = [".png", ".jpg", ".jpeg"];
}
