using Fcan.Data.Storage;
using Fcan.Engine.Checkpoints;
using Fcan.Engine.Runtime;
using Fcan.Engine.Segmentation;
using static TorchSharp.torch;

namespace Fcan.Engine.Ran.Checkpoints;

/// <summary>Saves and reads RAN checkpoints in a store (a local folder or a blob prefix), by the protocol every
/// training's checkpoints share (<see cref="CheckpointBlobs{TCheckpoint}"/>).</summary>
public sealed class RanCheckpointStore(IBlobStore store)
{
    public const string MetadataBlob = CheckpointBlobs<RanCheckpoint>.MetadataBlob;

    private readonly CheckpointBlobs<RanCheckpoint> blobs = new(store, RanCheckpoint.CurrentFormat, "RAN");

    public string Location => store.Location;

    public Task SaveAsync(RanTrainer trainer, string source, string target, RanLosses? lastLosses, CancellationToken cancellationToken) =>
        blobs.SaveAsync(trainer.Step, trainer.StateTensors(), tensorsBlob => new RanCheckpoint(RanCheckpoint.CurrentFormat,
            trainer.Network.BackboneId, trainer.Network.Classes, trainer.Step, trainer.Settings, tensorsBlob, source, target, lastLosses),
            cancellationToken);

    /// <summary>The checkpoint's description, or null when the store holds none.</summary>
    public Task<RanCheckpoint?> ReadAsync(CancellationToken cancellationToken) => blobs.ReadAsync(cancellationToken);

    /// <summary>The tensors a checkpoint names (CPU); the caller disposes them.</summary>
    public Task<Dictionary<string, Tensor>> ReadTensorsAsync(RanCheckpoint checkpoint, CancellationToken cancellationToken) =>
        blobs.ReadTensorsAsync(checkpoint, cancellationToken);

    /// <summary>The checkpoint's description; throws when the store holds none.</summary>
    public Task<RanCheckpoint> RequireAsync(CancellationToken cancellationToken) => blobs.RequireAsync(cancellationToken);

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
}
