using System.Text.Json;
using Fcan.Engine.Aan;
using Fcan.Engine.Adapter;

namespace Fcan.Grains.Contracts;

/// <summary>
/// What a distributed training job needs, beyond <see cref="TrainingSpec"/>'s shared fields (source, `--out`, steps,
/// global batch, crop, seed, exchange, checkpoints), to train an adapter (`fcan adapter train --cluster`): the
/// network's shape, Adam's step size, the AAN loss and the pool it learns. The pool's style statistics are not here:
/// the client writes them beside the checkpoints (style.stats) before the job starts, as a local run keeps them.
/// </summary>
/// <param name="Loss">The AAN loss settings as the adapter's checkpoint writes them (JSON; the pool's colour moments
/// included), so every trainer and a later `--resume` learn exactly the same loss.</param>
[GenerateSerializer, Immutable, Alias("fcan.adapter-training-spec")]
public sealed record AdapterTrainingSpec(int Channels, int Downsamplings, int ResidualBlocks, double LearningRate, string Loss,
    string Pool, int PoolVersion, string StyleHash, string NetworkId)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The job that trains <paramref name="settings"/> from <paramref name="origin"/>'s source into
    /// <paramref name="output"/> (locations every silo reaches).</summary>
    public static TrainingSpec Job(AdapterSettings settings, AdapterOrigin origin, string sourceLayout, string output,
        string wire, int checkpointEvery, int maxTrainers) =>
        new(origin.Source, sourceLayout, Target: "", TargetLayout: "", output, Backbone: "", Weights: null, settings.Steps,
            AdversarialSteps: 0, settings.Batch, settings.CropWidth, settings.CropHeight, settings.Seed, Sync: "allreduce", wire,
            checkpointEvery, maxTrainers,
            new AdapterTrainingSpec(settings.Shape.Channels, settings.Shape.Downsamplings, settings.Shape.ResidualBlocks,
                settings.LearningRate, JsonSerializer.Serialize(settings.Loss, Json), origin.Pool, origin.PoolVersion, origin.StyleHash,
                origin.NetworkId));

    public AdapterSettings Settings(TrainingSpec job) => new()
    {
        Shape = new AdapterShape(Channels, Downsamplings, ResidualBlocks),
        Loss = JsonSerializer.Deserialize<AanSettings>(Loss, Json) ?? throw new ArgumentException("the adapter's loss settings are empty"),
        Steps = job.Steps, Batch = job.Batch, CropWidth = job.CropWidth, CropHeight = job.CropHeight, LearningRate = LearningRate, Seed = job.Seed,
    };

    public AdapterOrigin Origin(TrainingSpec job) => new(job.Source, Pool, PoolVersion, StyleHash, NetworkId);
}
