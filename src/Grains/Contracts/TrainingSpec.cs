using Fcan.Engine.Ran;

namespace Fcan.Grains.Contracts;

/// <summary>Everything a distributed training job needs; immutable once the job has started. It trains RAN unless
/// <paramref name="Adapter"/> is set; an adapter job uses the shared fields only (no target, backbone or stage 2).</summary>
/// <param name="Source">Labeled source: converted shards (with manifest.jsonl) or a dataset; local path or az://.</param>
/// <param name="SourceLayout">Layout when <paramref name="Source"/> is a dataset: "gta5", "cityscapes" or "folder".</param>
/// <param name="Target">Unlabeled target-domain dataset.</param>
/// <param name="TargetLayout">Layout of <paramref name="Target"/>.</param>
/// <param name="Checkpoints">Where checkpoints go (a folder or blob prefix every silo reaches); the run restarts from them.</param>
/// <param name="Backbone">Segmentation backbone id: "resnet18-cntk", "resnet50" or "resnet101".</param>
/// <param name="Weights">ImageNet weights file for resnet50/101, on every silo; null for the packaged ResNet-18.</param>
/// <param name="Steps">Stage 1 (source only) steps.</param>
/// <param name="AdversarialSteps">Stage 2 steps.</param>
/// <param name="Batch">The global batch: source images per step over all trainers together.</param>
/// <param name="CropWidth">Random crop width.</param>
/// <param name="CropHeight">Random crop height.</param>
/// <param name="Seed">Sample order, crops, flips and initial head weights.</param>
/// <param name="Sync">"allreduce" or "local-sgd:K" (Engine's SyncMode).</param>
/// <param name="Wire">"fp32" or "bf16": how buffers travel between trainers.</param>
/// <param name="CheckpointEvery">Steps between checkpoints (a multiple of K with local SGD); one at the end too.</param>
/// <param name="MaxTrainers">At most this many trainers (devices); 0: every device of the cluster, up to the batch.</param>
/// <param name="Adapter">Set for an adapter's training (`fcan adapter train --cluster`): what it needs besides.</param>
[GenerateSerializer, Immutable, Alias("fcan.training-spec")]
public sealed record TrainingSpec(
    string Source,
    string SourceLayout,
    string Target,
    string TargetLayout,
    string Checkpoints,
    string Backbone,
    string? Weights,
    int Steps,
    int AdversarialSteps,
    int Batch,
    int CropWidth,
    int CropHeight,
    int Seed,
    string Sync = "allreduce",
    string Wire = "fp32",
    int CheckpointEvery = 1000,
    int MaxTrainers = 0,
    AdapterTrainingSpec? Adapter = null)
{
    /// <summary>Both stages together (an adapter has one).</summary>
    public int TotalSteps => Steps + AdversarialSteps;

    /// <summary>The paper's settings with this spec's run length, batch, crop and seed.</summary>
    public RanSettings Settings() => new()
    {
        Steps = Steps, AdversarialSteps = AdversarialSteps, Batch = Batch, CropWidth = CropWidth, CropHeight = CropHeight, Seed = Seed,
    };
}
