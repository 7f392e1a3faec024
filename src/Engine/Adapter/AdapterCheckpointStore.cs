using Fcan.Data.Storage;
using Fcan.Engine.Checkpoints;
using Fcan.Engine.Style;
using static TorchSharp.torch;

namespace Fcan.Engine.Adapter;

/// <summary>
/// An adapter training's folder or blob prefix: the style statistics it trains against (style.stats, written once),
/// checkpoints (by the protocol every training's checkpoints share, <see cref="CheckpointBlobs{TCheckpoint}"/>) and,
/// once training is finished, the adapter file (<see cref="TrainedAdapter.FileName"/>) that conversions read.
/// </summary>
public sealed class AdapterCheckpointStore(IBlobStore store)
{
    public const string StyleBlob = "style.stats";

    private readonly CheckpointBlobs<AdapterCheckpoint> blobs = new(store, AdapterCheckpoint.CurrentFormat, "adapter");

    public string Location => store.Location;

    /// <summary>Keeps the statistics a run trains against, so `--resume` needs no cluster and can't drift.</summary>
    public async Task SaveStyleAsync(StyleStatistics style, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream();
        style.WriteTo(content);
        content.Position = 0;
        await blobs.WriteAsync(StyleBlob, content, cancellationToken);
    }

    public async Task<StyleStatistics> ReadStyleAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var content = new MemoryStream(await blobs.ReadBlobAsync(StyleBlob, cancellationToken), writable: false);
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
        await blobs.SaveAsync(trainer.Step, trainer.StateTensors(), tensorsBlob =>
            new AdapterCheckpoint(AdapterCheckpoint.CurrentFormat, trainer.Step, trainer.Settings, origin, tensorsBlob, lastLosses), cancellationToken);
        if (!trainer.Finished) return;
        using var adapter = new MemoryStream(TrainedAdapter.Write(trainer.Network, new AdapterDescription(trainer.Settings, origin, trainer.Step)));
        await blobs.WriteAsync(TrainedAdapter.FileName, adapter, cancellationToken);
    }

    /// <summary>The checkpoint's description, or null when the store holds none.</summary>
    public Task<AdapterCheckpoint?> ReadAsync(CancellationToken cancellationToken) => blobs.ReadAsync(cancellationToken);

    /// <summary>The checkpoint's description; throws when the store holds none.</summary>
    public Task<AdapterCheckpoint> RequireAsync(CancellationToken cancellationToken) => blobs.RequireAsync(cancellationToken);

    /// <summary>The tensors a checkpoint names (CPU); the caller disposes them.</summary>
    public Task<Dictionary<string, Tensor>> ReadTensorsAsync(AdapterCheckpoint checkpoint, CancellationToken cancellationToken) =>
        blobs.ReadTensorsAsync(checkpoint, cancellationToken);

    /// <summary>The finished adapter's file bytes; throws naming the store when training has not finished there.</summary>
    public async Task<byte[]> ReadAdapterFileAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await blobs.ReadBlobAsync(TrainedAdapter.FileName, cancellationToken);
        }
        catch (BlobNotFoundException)
        {
            throw new FileNotFoundException($"{store.Location}: no trained adapter here ({TrainedAdapter.FileName} is missing; `fcan adapter train` writes it when it finishes)");
        }
    }
}
