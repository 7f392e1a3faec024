using System.Text.Json;
using Fcan.Data.Storage;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Fcan.Engine.Checkpoints;

/// <summary>What every training's checkpoint description (checkpoint.json) has: its format and the blob that holds
/// its tensors.</summary>
public interface ICheckpoint
{
    int Format { get; }

    string TensorsBlob { get; }
}

/// <summary>
/// A training's checkpoints in a store (a local folder or a blob prefix), whatever is trained: the tensors go to a new
/// blob per step first; checkpoint.json, replaced conditionally on its ETag, then points at them, and the previous
/// step's tensors are deleted. A crash at any moment leaves checkpoint.json naming complete tensors.
/// </summary>
/// <param name="kind">What is trained, for messages ("RAN", "adapter").</param>
public sealed class CheckpointBlobs<TCheckpoint>(IBlobStore store, int currentFormat, string kind) where TCheckpoint : class, ICheckpoint
{
    public const string MetadataBlob = "checkpoint.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Location => store.Location;

    /// <summary>Saves <paramref name="tensors"/> (disposed here) as step <paramref name="step"/>'s, then the
    /// description <paramref name="describe"/> makes for their blob.</summary>
    public async Task SaveAsync(int step, Dictionary<string, Tensor> tensors, Func<string, TCheckpoint> describe,
        CancellationToken cancellationToken)
    {
        var tensorsBlob = $"step-{step:D8}.safetensors";
        using (var content = new MemoryStream())
        {
            try
            {
                Safetensors.SaveStateDict(content, tensors, leaveOpen: true);
            }
            finally
            {
                foreach (var tensor in tensors.Values) tensor.Dispose();
            }
            content.Position = 0;
            await WriteAsync(tensorsBlob, content, cancellationToken);
        }

        var previous = await ReadAsync(cancellationToken);
        var info = await store.GetInfoAsync(MetadataBlob, cancellationToken);
        using (var metadata = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(describe(tensorsBlob), Json)))
            if (await store.TryReplaceAsync(MetadataBlob, metadata, info?.ETag, cancellationToken) == null)
                throw new IOException($"{store.Location}/{MetadataBlob}: changed by another writer while this checkpoint was saved");
        if (previous != null && previous.TensorsBlob != tensorsBlob)
            await store.DeleteAsync(previous.TensorsBlob, cancellationToken);
    }

    /// <summary>The checkpoint's description, or null when the store holds none.</summary>
    public async Task<TCheckpoint?> ReadAsync(CancellationToken cancellationToken)
    {
        if (await store.GetInfoAsync(MetadataBlob, cancellationToken) == null) return null;
        await using var stream = await store.OpenReadAsync(MetadataBlob, cancellationToken);
        try
        {
            var checkpoint = await JsonSerializer.DeserializeAsync<TCheckpoint>(stream, Json, cancellationToken)
                ?? throw new JsonException("empty document");
            if (checkpoint.Format != currentFormat)
                throw new InvalidDataException($"{store.Location}/{MetadataBlob}: checkpoint format {checkpoint.Format}, this fcan reads {currentFormat}");
            return checkpoint;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{store.Location}/{MetadataBlob}: not {Article} {kind} checkpoint ({e.Message})");
        }
    }

    /// <summary>The checkpoint's description; throws when the store holds none.</summary>
    public async Task<TCheckpoint> RequireAsync(CancellationToken cancellationToken) =>
        await ReadAsync(cancellationToken) ?? throw new FileNotFoundException($"{store.Location}: no {kind} checkpoint here ({MetadataBlob} is missing)");

    /// <summary>The tensors a checkpoint names (CPU); the caller disposes them.</summary>
    public async Task<Dictionary<string, Tensor>> ReadTensorsAsync(TCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        byte[] content;
        try
        {
            content = await ReadBlobAsync(checkpoint.TensorsBlob, cancellationToken);
        }
        catch (BlobNotFoundException)
        {
            throw new InvalidDataException($"{store.Location}/{checkpoint.TensorsBlob}: missing, though {MetadataBlob} names it");
        }
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            return Safetensors.LoadStateDict(stream);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidDataException($"{store.Location}/{checkpoint.TensorsBlob}: not readable safetensors ({e.Message.Split('\n', 2)[0]})");
        }
    }

    /// <summary>A blob of this store, whole; throws <see cref="BlobNotFoundException"/> when it is missing.</summary>
    public async Task<byte[]> ReadBlobAsync(string name, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(name, cancellationToken);
        using var content = new MemoryStream();
        await stream.CopyToAsync(content, cancellationToken);
        return content.ToArray();
    }

    /// <summary>Creates the blob, or replaces it: a run resumed from an earlier checkpoint reaches a step again.</summary>
    public async Task WriteAsync(string name, Stream content, CancellationToken cancellationToken)
    {
        if (await store.TryCreateAsync(name, content, cancellationToken) != null) return;
        content.Position = 0;
        var info = await store.GetInfoAsync(name, cancellationToken);
        if (await store.TryReplaceAsync(name, content, info?.ETag, cancellationToken) == null)
            throw new IOException($"{store.Location}/{name}: changed by another writer while this checkpoint was saved");
    }

    private string Article => "aeiouAEIOU".Contains(kind[0]) ? "an" : "a";
}
