using System.Text.Json;
using Fcan.Data.Storage;
using Fcan.Engine.Runtime;
using Fcan.Engine.Segmentation;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Fcan.Engine.Ran.Checkpoints;

/// <summary>
/// Saves and reads RAN checkpoints in a store (a local folder or a blob prefix). The tensors go to a new blob per
/// step first; checkpoint.json, replaced conditionally on its ETag, then points at them, and the previous step's
/// tensors are deleted. A crash at any moment leaves checkpoint.json naming complete tensors.
/// </summary>
public sealed class RanCheckpointStore(IBlobStore store)
{
    public const string MetadataBlob = "checkpoint.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Location => store.Location;

    public async Task SaveAsync(RanTrainer trainer, string source, string target, RanLosses? lastLosses, CancellationToken cancellationToken)
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
        var checkpoint = new RanCheckpoint(RanCheckpoint.CurrentFormat, trainer.Network.BackboneId, trainer.Network.Classes,
            trainer.Step, trainer.Settings, tensorsBlob, source, target, lastLosses);
        using var metadata = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(checkpoint, Json));
        if (await store.TryReplaceAsync(MetadataBlob, metadata, info?.ETag, cancellationToken) == null)
            throw new IOException($"{store.Location}/{MetadataBlob}: changed by another writer while this checkpoint was saved");
        if (previous != null && previous.TensorsBlob != tensorsBlob)
            await store.DeleteAsync(previous.TensorsBlob, cancellationToken);
    }

    /// <summary>The checkpoint's description, or null when the store holds none.</summary>
    public async Task<RanCheckpoint?> ReadAsync(CancellationToken cancellationToken)
    {
        if (await store.GetInfoAsync(MetadataBlob, cancellationToken) == null) return null;
        await using var stream = await store.OpenReadAsync(MetadataBlob, cancellationToken);
        try
        {
            var checkpoint = await JsonSerializer.DeserializeAsync<RanCheckpoint>(stream, Json, cancellationToken)
                ?? throw new JsonException("empty document");
            if (checkpoint.Format != RanCheckpoint.CurrentFormat)
                throw new InvalidDataException($"{store.Location}/{MetadataBlob}: checkpoint format {checkpoint.Format}, this fcan reads {RanCheckpoint.CurrentFormat}");
            return checkpoint;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{store.Location}/{MetadataBlob}: not a RAN checkpoint ({e.Message})");
        }
    }

    /// <summary>The tensors a checkpoint names (CPU); the caller disposes them.</summary>
    public async Task<Dictionary<string, Tensor>> ReadTensorsAsync(RanCheckpoint checkpoint, CancellationToken cancellationToken)
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

    /// <summary>The checkpoint's description; throws when the store holds none.</summary>
    public async Task<RanCheckpoint> RequireAsync(CancellationToken cancellationToken) =>
        await ReadAsync(cancellationToken) ?? throw new FileNotFoundException($"{store.Location}: no RAN checkpoint here ({MetadataBlob} is missing)");

    /// <summary>The checkpoint's segmentation network, ready for prediction on <paramref name="device"/>.</summary>
    public async Task<SegmentationNetwork> LoadNetworkAsync(EngineDevice device, CancellationToken cancellationToken)
    {
        var checkpoint = await RequireAsync(cancellationToken);
        var backbone = SegmentationNetworks.FromId(checkpoint.Backbone)
            ?? throw new InvalidDataException($"{store.Location}: unknown backbone '{checkpoint.Backbone}' in {MetadataBlob}");
        var tensors = await ReadTensorsAsync(checkpoint, cancellationToken);
        TorchRuntime.Ensure(device);
        var network = SegmentationNetworks.Untrained(backbone);
        try
        {
            using var noGrad = no_grad();
            foreach (var (name, target) in network.state_dict())
            {
                if (!tensors.TryGetValue("network." + name, out var tensor) || !tensor.shape.SequenceEqual(target.shape))
                    throw new InvalidDataException($"{store.Location}/{checkpoint.TensorsBlob}: tensor 'network.{name}' is missing or has the wrong shape for {checkpoint.Backbone}");
                target.copy_(tensor);
            }
        }
        catch
        {
            network.Dispose();
            throw;
        }
        finally
        {
            foreach (var tensor in tensors.Values) tensor.Dispose();
        }
        return network.On(device);
    }

    private async Task WriteAsync(string name, Stream content, CancellationToken cancellationToken)
    {
        if (await store.TryCreateAsync(name, content, cancellationToken) != null) return;
        // A run resumed from an earlier checkpoint reaches this step again: its tensors replace the old ones.
        content.Position = 0;
        var info = await store.GetInfoAsync(name, cancellationToken);
        if (await store.TryReplaceAsync(name, content, info?.ETag, cancellationToken) == null)
            throw new IOException($"{store.Location}/{name}: changed by another writer while this checkpoint was saved");
    }
}
