using System.Text.Json;
using Fcan.Data.Storage;
using Fcan.Engine.Style;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Fcan.Engine.Adapter;

/// <summary>
/// An adapter training's folder or blob prefix: the style statistics it trains against (style.stats, written once),
/// checkpoints (a new tensors blob per step, then checkpoint.json replaced conditionally on its ETag, then the previous
/// tensors deleted, so a crash leaves checkpoint.json naming complete tensors) and, once training is finished, the
/// adapter file (<see cref="TrainedAdapter.FileName"/>) that conversions read.
/// </summary>
public sealed class AdapterCheckpointStore(IBlobStore store)
{
    public const string MetadataBlob = "checkpoint.json";
    public const string StyleBlob = "style.stats";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Location => store.Location;

    /// <summary>Keeps the statistics a run trains against, so `--resume` needs no cluster and can't drift.</summary>
    public async Task SaveStyleAsync(StyleStatistics style, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream();
        style.WriteTo(content);
        content.Position = 0;
        await WriteAsync(StyleBlob, content, cancellationToken);
    }

    public async Task<StyleStatistics> ReadStyleAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await store.OpenReadAsync(StyleBlob, cancellationToken);
            using var content = new MemoryStream();
            await stream.CopyToAsync(content, cancellationToken);
            content.Position = 0;
            return StyleStatistics.ReadFrom(content);
        }
        catch (Exception e) when (e is BlobNotFoundException or StyleStatisticsFormatException)
        {
            throw new InvalidDataException($"{store.Location}/{StyleBlob}: {(e is BlobNotFoundException ? "missing" : e.Message)}");
        }
    }

    /// <summary>A checkpoint at the trainer's step; a finished trainer's adapter file too.</summary>
    public async Task SaveAsync(AdapterTrainer trainer, AdapterOrigin origin, AdapterLosses? lastLosses, CancellationToken cancellationToken)
    {
        var tensorsBlob = $"step-{trainer.Step:D8}.safetensors";
        using (var content = new MemoryStream())
        {
            var tensors = trainer.StateTensors();
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
        var checkpoint = new AdapterCheckpoint(AdapterCheckpoint.CurrentFormat, trainer.Step, trainer.Settings, origin, tensorsBlob, lastLosses);
        using (var metadata = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(checkpoint, Json)))
            if (await store.TryReplaceAsync(MetadataBlob, metadata, info?.ETag, cancellationToken) == null)
                throw new IOException($"{store.Location}/{MetadataBlob}: changed by another writer while this checkpoint was saved");
        if (previous != null && previous.TensorsBlob != tensorsBlob)
            await store.DeleteAsync(previous.TensorsBlob, cancellationToken);

        if (!trainer.Finished) return;
        using var adapter = new MemoryStream(TrainedAdapter.Write(trainer.Network, new AdapterDescription(trainer.Settings, origin, trainer.Step)));
        await WriteAsync(TrainedAdapter.FileName, adapter, cancellationToken);
    }

    /// <summary>The checkpoint's description, or null when the store holds none.</summary>
    public async Task<AdapterCheckpoint?> ReadAsync(CancellationToken cancellationToken)
    {
        if (await store.GetInfoAsync(MetadataBlob, cancellationToken) == null) return null;
        await using var stream = await store.OpenReadAsync(MetadataBlob, cancellationToken);
        try
        {
            var checkpoint = await JsonSerializer.DeserializeAsync<AdapterCheckpoint>(stream, Json, cancellationToken)
                ?? throw new JsonException("empty document");
            if (checkpoint.Format != AdapterCheckpoint.CurrentFormat)
                throw new InvalidDataException($"{store.Location}/{MetadataBlob}: checkpoint format {checkpoint.Format}, this fcan reads {AdapterCheckpoint.CurrentFormat}");
            return checkpoint;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{store.Location}/{MetadataBlob}: not an adapter checkpoint ({e.Message})");
        }
    }

    /// <summary>The checkpoint's description; throws when the store holds none.</summary>
    public async Task<AdapterCheckpoint> RequireAsync(CancellationToken cancellationToken) =>
        await ReadAsync(cancellationToken) ?? throw new FileNotFoundException($"{store.Location}: no adapter checkpoint here ({MetadataBlob} is missing)");

    /// <summary>The tensors a checkpoint names (CPU); the caller disposes them.</summary>
    public async Task<Dictionary<string, Tensor>> ReadTensorsAsync(AdapterCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream();
        try
        {
            await using var stream = await store.OpenReadAsync(checkpoint.TensorsBlob, cancellationToken);
            await stream.CopyToAsync(content, cancellationToken);
        }
        catch (BlobNotFoundException)
        {
            throw new InvalidDataException($"{store.Location}/{checkpoint.TensorsBlob}: missing, though {MetadataBlob} names it");
        }
        content.Position = 0;
        try
        {
            return Safetensors.LoadStateDict(content);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidDataException($"{store.Location}/{checkpoint.TensorsBlob}: not readable safetensors ({e.Message.Split('\n', 2)[0]})");
        }
    }

    /// <summary>The finished adapter's file bytes; throws naming the store when training has not finished there.</summary>
    public async Task<byte[]> ReadAdapterFileAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await store.OpenReadAsync(TrainedAdapter.FileName, cancellationToken);
            using var content = new MemoryStream();
            await stream.CopyToAsync(content, cancellationToken);
            return content.ToArray();
        }
        catch (BlobNotFoundException)
        {
            throw new FileNotFoundException($"{store.Location}: no trained adapter here ({TrainedAdapter.FileName} is missing; `fcan adapter train` writes it when it finishes)");
        }
    }

    private async Task WriteAsync(string name, Stream content, CancellationToken cancellationToken)
    {
        if (await store.TryCreateAsync(name, content, cancellationToken) != null) return;
        // A run resumed from an earlier checkpoint reaches this step again: its blob replaces the old one.
        content.Position = 0;
        var info = await store.GetInfoAsync(name, cancellationToken);
        if (await store.TryReplaceAsync(name, content, info?.ETag, cancellationToken) == null)
            throw new IOException($"{store.Location}/{name}: changed by another writer while this checkpoint was saved");
    }
}
