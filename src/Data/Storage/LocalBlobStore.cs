using System.Security.Cryptography;
using System.Text;

namespace Fcan.Data.Storage;

/// <summary>
/// A folder on local disk as a blob store (the embedded default).
/// Visibility is atomic: content goes to a staging file under the hidden <c>.fcan-staging</c> folder and is renamed into
/// place only when complete. Every mutation of a name holds an advisory lock file for that name, so create-only and
/// ETag-conditional writes are exact across threads and processes. The ETag is the size plus the modification time,
/// which the lock makes strictly increasing per name, so two versions never share an ETag.
/// Names can't escape the root: unsafe names are rejected and a symlink whose target leaves the root is refused.
/// Lock files (a few bytes per name ever written) stay under the staging folder; removing them would race.
/// </summary>
public sealed class LocalBlobStore : IBlobStore
{
    /// <summary>The hidden folder under the root that holds staging and lock files; never listed, never addressable.</summary>
    public const string StagingFolder = ".fcan-staging";

    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(60);

    private readonly string root;
    private readonly string stagingRoot;
    private readonly string lockRoot;

    public LocalBlobStore(string root)
    {
        this.root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        stagingRoot = Path.Combine(this.root, StagingFolder);
        lockRoot = Path.Combine(stagingRoot, "locks");
    }

    public string Location => root;

    public Task<BlobInfo?> GetInfoAsync(string name, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var file = new FileInfo(PathOf(name));
        return Task.FromResult(file.Exists ? Info(name, file) : null);
    }

    public Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var path = PathOf(name);
        try
        {
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete,
                bufferSize: 81920, useAsync: true);
            return Task.FromResult(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            if (e is UnauthorizedAccessException && File.Exists(path)) throw new StorageException($"{root}/{name}: {e.Message}", e) { Permanent = true };
            throw new BlobNotFoundException(root, name);
        }
    }

    public Task<BlobInfo?> TryCreateAsync(string name, Stream content, CancellationToken cancellationToken) =>
        TryReplaceAsync(name, content, ifMatchETag: null, cancellationToken);

    public async Task<BlobInfo?> TryReplaceAsync(string name, Stream content, string? ifMatchETag, CancellationToken cancellationToken)
    {
        var target = PathOf(name);
        try
        {
            var staging = await StageAsync(content, cancellationToken);
            return await PublishAsync(name, target, staging, ifMatchETag, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Failure(name, e);
        }
    }

    public Task<IStagedUpload> BeginStagedUploadAsync(string name, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var target = PathOf(name);
        var staging = NewStagingPath();
        FileStream stream;
        try
        {
            stream = new FileStream(staging, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, useAsync: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Failure(name, e);
        }
        IStagedUpload upload = new LocalStagedUpload(stream, staging,
            ct => PublishAsync(name, target, staging, ifMatchETag: null, ct));
        return Task.FromResult(upload);
    }

    public IAsyncEnumerable<BlobInfo> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        BlobNames.ValidatePrefix(root, prefix);
        var slash = prefix.LastIndexOf('/');
        var folder = slash < 0 ? "" : prefix[..slash];
        if (folder.Length > 0 && !Directory.Exists(PathOf(folder))) return AsyncEnumerable.Empty<BlobInfo>();
        return Walk(folder, cancellationToken).Where(blob => blob.Name.StartsWith(prefix, StringComparison.Ordinal)).ToAsyncEnumerable();
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        var target = PathOf(name);
        await using var nameLock = await LockAsync(name, cancellationToken);
        if (!File.Exists(target)) return false;
        File.Delete(target);
        return true;
    }

    /// <summary>Maps a name to its path, refusing unsafe names, the staging folder and symlinks that leave the root.</summary>
    private string PathOf(string name)
    {
        BlobNames.Validate(root, name);
        var segments = name.Split('/');
        if (segments[0] == StagingFolder) throw new StorageException($"{root}/{name}: reserved name") { Permanent = true };
        var path = root;
        foreach (var segment in segments)
        {
            path = Path.Combine(path, segment);
            var entry = new FileInfo(path);
            if (entry.LinkTarget == null) continue;
            var target = entry.ResolveLinkTarget(returnFinalTarget: true);
            if (target == null || !IsInsideRoot(Path.GetFullPath(target.FullName)))
                throw new StorageException($"{root}/{name}: symlink leaves the store root") { Permanent = true };
        }
        return path;
    }

    /// <summary>An I/O failure (disk full, permissions) as one line naming the blob.</summary>
    private StorageException Failure(string name, Exception e) => new($"{root}/{name}: {e.Message}", e);

    private bool IsInsideRoot(string fullPath) =>
        fullPath.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>Depth-first walk in ordinal name order: a folder sorts as "name/", so its blobs land exactly where
    /// their full names sort. Symlinked folders are not followed (they can loop or leave the root); symlinked files
    /// are listed, and reading one that leaves the root fails with the reason.</summary>
    private IEnumerable<BlobInfo> Walk(string folder, CancellationToken cancellationToken)
    {
        var directory = new DirectoryInfo(folder.Length == 0 ? root : Path.Combine(root, folder));
        if (!directory.Exists) yield break;
        List<(FileSystemInfo Entry, string SortKey)> entries;
        try
        {
            entries = directory.EnumerateFileSystemInfos()
                .Where(entry => folder.Length > 0 || entry.Name != StagingFolder)
                .Select(entry => (Entry: entry, SortKey: entry is DirectoryInfo ? entry.Name + "/" : entry.Name))
                .OrderBy(entry => entry.SortKey, StringComparer.Ordinal)
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unreadable folder fails the listing as a whole: a listing that skipped it would look complete.
            throw Failure(folder.Length == 0 ? "." : folder, e);
        }
        foreach (var (entry, _) in entries)
        {
            var name = folder.Length == 0 ? entry.Name : $"{folder}/{entry.Name}";
            cancellationToken.ThrowIfCancellationRequested();
            if (entry is DirectoryInfo { LinkTarget: null })
                foreach (var blob in Walk(name, cancellationToken)) yield return blob;
            else if (entry is FileInfo file)
                yield return file.LinkTarget == null ? Info(name, file) : LinkInfo(name, file);
        }
    }

    /// <summary>A symlinked file is described by its target when that stays inside the root; otherwise it is still
    /// listed (with no size) so a reader reports it instead of silently losing it.</summary>
    private BlobInfo LinkInfo(string name, FileInfo link)
    {
        var target = link.ResolveLinkTarget(returnFinalTarget: true) as FileInfo;
        return target is { Exists: true } && IsInsideRoot(Path.GetFullPath(target.FullName))
            ? Info(name, target)
            : new BlobInfo(name, 0, "");
    }

    private static BlobInfo Info(string name, FileInfo file) =>
        new(name, file.Length, $"\"{file.Length:x}-{file.LastWriteTimeUtc.Ticks:x}\"");

    private string NewStagingPath()
    {
        Directory.CreateDirectory(stagingRoot);
        return Path.Combine(stagingRoot, $"{Guid.NewGuid():N}.tmp");
    }

    private async Task<string> StageAsync(Stream content, CancellationToken cancellationToken)
    {
        var staging = NewStagingPath();
        try
        {
            await using var file = new FileStream(staging, FileMode.CreateNew, FileAccess.Write, FileShare.None,
                bufferSize: 81920, useAsync: true);
            await content.CopyToAsync(file, cancellationToken);
            file.Flush(flushToDisk: true);
            return staging;
        }
        catch
        {
            File.Delete(staging);
            throw;
        }
    }

    /// <summary>Renames a complete staging file into place under the name's lock, if the condition still holds:
    /// <paramref name="ifMatchETag"/> null means create-only.</summary>
    private async Task<BlobInfo?> PublishAsync(string name, string target, string staging, string? ifMatchETag,
        CancellationToken cancellationToken)
    {
        try
        {
            await using var nameLock = await LockAsync(name, cancellationToken);
            var current = new FileInfo(target);
            var holds = ifMatchETag == null ? !current.Exists : current.Exists && Info(name, current).ETag == ifMatchETag;
            if (!holds) return null;
            File.SetLastWriteTimeUtc(staging, NextVersionTime(nameLock));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(staging, target, overwrite: ifMatchETag != null);
            return Info(name, new FileInfo(target));
        }
        finally
        {
            File.Delete(staging);
        }
    }

    /// <summary>The modification time for a name's next version: now, or just after the last one this lock issued
    /// when the clock has not moved on, so ETags never repeat.</summary>
    private static DateTime NextVersionTime(FileStream nameLock)
    {
        var buffer = new byte[sizeof(long)];
        nameLock.Position = 0;
        var last = nameLock.Read(buffer) == buffer.Length ? BitConverter.ToInt64(buffer) : 0;
        var next = Math.Max(DateTime.UtcNow.Ticks, last + 1);
        nameLock.Position = 0;
        nameLock.Write(BitConverter.GetBytes(next));
        nameLock.Flush();
        return new DateTime(next, DateTimeKind.Utc);
    }

    /// <summary>An exclusive advisory lock (flock through FileShare.None) on a per-name lock file.</summary>
    private async Task<FileStream> LockAsync(string name, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(lockRoot);
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..32];
        var path = Path.Combine(lockRoot, hash + ".lock");
        var deadline = DateTime.UtcNow + LockTimeout;
        for (var delay = 1; ; delay = Math.Min(delay * 2, 50))
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(delay, cancellationToken);
            }
            catch (IOException e)
            {
                throw new StorageException($"{root}/{name}: still locked by another writer after {LockTimeout.TotalSeconds:0} s", e);
            }
        }
    }
}
