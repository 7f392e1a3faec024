using System.Buffers.Binary;
using System.Collections.Concurrent;
using Orleans.Serialization;
using Orleans.Storage;

namespace Fcan.Grains.Persistence;

/// <summary>Grain state as one file per grain under a folder, for the embedded single-process mode: written to a
/// temporary file, flushed to disk and renamed over the old one, so a crash leaves either the old or the new state.
/// The file starts with a version number, which is the ETag that guards against a stale activation's writes.</summary>
public sealed class FileGrainStorage(string root, Serializer serializer) : IGrainStorage
{
    private const int HeaderBytes = sizeof(long);

    // One writer per file at a time within this process; the ETag check catches anything else.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> locks = new();

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathFor(stateName, grainId);
        if (!File.Exists(path))
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        var bytes = await File.ReadAllBytesAsync(path);
        grainState.State = serializer.Deserialize<T>(bytes.AsMemory(HeaderBytes));
        grainState.ETag = BinaryPrimitives.ReadInt64LittleEndian(bytes).ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathFor(stateName, grainId);
        var gate = locks.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync();
        try
        {
            var version = CheckVersion(path, grainState.ETag) + 1;
            var payload = serializer.SerializeToArray(grainState.State);
            var bytes = new byte[HeaderBytes + payload.Length];
            BinaryPrimitives.WriteInt64LittleEndian(bytes, version);
            payload.CopyTo(bytes, HeaderBytes);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096,
                             FileOptions.WriteThrough))
            {
                await file.WriteAsync(bytes);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
            grainState.ETag = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }
        finally
        {
            gate.Release();
        }
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathFor(stateName, grainId);
        CheckVersion(path, grainState.ETag);
        File.Delete(path);
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    /// <summary>The file's current version, after checking that the caller saw that version.</summary>
    private static long CheckVersion(string path, string? etag)
    {
        long current = 0;
        if (File.Exists(path))
        {
            Span<byte> header = stackalloc byte[HeaderBytes];
            using var file = File.OpenRead(path);
            file.ReadExactly(header);
            current = BinaryPrimitives.ReadInt64LittleEndian(header);
        }
        var expected = etag is null ? 0 : long.Parse(etag, System.Globalization.CultureInfo.InvariantCulture);
        if (current != expected)
            throw new InconsistentStateException($"state file {path} is at version {current}, the grain expected {expected}",
                current.ToString(System.Globalization.CultureInfo.InvariantCulture), etag);
        return current;
    }

    private string PathFor(string stateName, GrainId grainId) =>
        Path.Combine(root, Uri.EscapeDataString(stateName), Uri.EscapeDataString(grainId.ToString()) + ".state");
}
