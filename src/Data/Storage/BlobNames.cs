namespace Fcan.Data.Storage;

/// <summary>The one rule for blob names on every backend: relative, '/'-separated, no empty, "." or ".." segments,
/// no backslashes or control characters, so a name can never address anything outside a store's root.</summary>
public static class BlobNames
{
    /// <summary>The reason <paramref name="name"/> is not a safe blob name, or null when it is.</summary>
    public static string? Problem(string name)
    {
        if (string.IsNullOrEmpty(name)) return "empty name";
        if (name.StartsWith('/')) return "absolute name";
        if (name.Length >= 2 && name[1] == ':') return "absolute name";
        if (name.Contains('\\')) return "backslash in name";
        if (name.Any(char.IsControl)) return "control character in name";
        foreach (var segment in name.Split('/'))
        {
            if (segment.Length == 0) return "empty path segment";
            if (segment is "." or "..") return "'.' or '..' segment";
        }
        return null;
    }

    /// <summary>Throws a <see cref="StorageException"/> naming the location when <paramref name="name"/> is unsafe.</summary>
    public static void Validate(string location, string name)
    {
        var problem = Problem(name);
        if (problem != null) throw new StorageException($"{location.TrimEnd('/')}/{name}: {problem}") { Permanent = true };
    }

    /// <summary>Prefixes may end with '/' or be empty; the part before the last '/' must be a safe name.</summary>
    public static void ValidatePrefix(string location, string prefix)
    {
        if (prefix.Length == 0) return;
        var problem = Problem(prefix.EndsWith('/') ? prefix[..^1] : prefix);
        if (problem != null) throw new StorageException($"{location.TrimEnd('/')}/{prefix}: {problem}");
    }
}
