using System.CommandLine;
using Fcan.Client.Cli;
using Fcan.Client.Connection;
using Fcan.Client.Training;
using Fcan.Client.Views;
using Fcan.Engine.Ran;
using Fcan.Engine.Ran.Checkpoints;
using Fcan.Engine.Ran.Distributed;
using Fcan.Engine.Ran.Samples;
using Fcan.Engine.Segmentation;
using Fcan.Grains.Contracts;
using Spectre.Console;

namespace Fcan.Client.Commands;

/// <summary>
/// `fcan train`: RAN training in this process: the segmentation network on labeled source images (shards or a
/// dataset), then adversarially against the discriminator on unlabeled target images; checkpoints to a local path or
/// blob prefix, and `--resume` continues from the last one exactly as if never stopped. With `--cluster` (or
/// $FCAN_CLUSTER) it trains data-parallel on the cluster instead: one trainer per device (<see cref="ClusterTraining"/>).
/// </summary>
public static class TrainCommand
{
    private static readonly RanSettings Paper = new();

    public static Command Create(GlobalOptions globals)
    {
        var source = new Option<string>("--source") { Description = "Labeled source: converted shards (a folder or prefix with manifest.jsonl) or a dataset", HelpName = "URI", Required = true };
        var sourceLayout = new Option<string>("--source-layout") { Description = "Layout when --source is a dataset", DefaultValueFactory = _ => "gta5" }.AcceptOnlyFromAmong(TrainingData.Layouts);
        var target = new Option<string>("--target") { Description = "Unlabeled target-domain dataset (its labels, if any, are not used)", HelpName = "URI", Required = true };
        var targetLayout = new Option<string>("--target-layout") { Description = "Layout of --target", DefaultValueFactory = _ => "cityscapes" }.AcceptOnlyFromAmong(TrainingData.Layouts);
        var output = new Option<string>("--out") { Description = "Checkpoint location: a local folder or az://container/prefix", HelpName = "CHECKPOINT_URI", Required = true };
        var backbone = new Option<string>("--backbone") { Description = "resnet18 (packaged ImageNet weights), resnet50 or resnet101 (need --weights)", DefaultValueFactory = _ => "resnet18" };
        var weights = new Option<string?>("--weights") { Description = "ImageNet weights: torchvision state dict (.safetensors, .pt, .pth) or ONNX", HelpName = "FILE" };
        var steps = new Option<int>("--steps") { Description = "Stage 1 steps: source only", DefaultValueFactory = _ => Paper.Steps };
        var adversarialSteps = new Option<int>("--adversarial-steps") { Description = "Stage 2 steps: adversarial", DefaultValueFactory = _ => Paper.AdversarialSteps };
        var batch = new Option<int>("--batch") { Description = "Source images per step (stage 2 adds as many target images)", DefaultValueFactory = _ => Paper.Batch };
        var crop = new Option<string>("--crop") { Description = "Random crop size", HelpName = "WxH", DefaultValueFactory = _ => $"{Paper.CropWidth}x{Paper.CropHeight}" };
        var seed = new Option<int>("--seed") { Description = "Seed of sample order, crops, flips and initial head weights" };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Steps between checkpoints (and one at the end)", HelpName = "N", DefaultValueFactory = _ => 1000 };
        var resume = new Option<bool>("--resume") { Description = "Continue the checkpoint at --out with its own settings" };
        var device = DeviceOption.Create("cpu, cuda or cuda:N");
        var sync = new Option<string>("--sync") { Description = "With --cluster: allreduce (average gradients every step) or local-sgd:K (average parameters every K steps)", DefaultValueFactory = _ => "allreduce" };
        var wire = new Option<string>("--wire") { Description = "With --cluster: how trainers exchange buffers", DefaultValueFactory = _ => "fp32" }.AcceptOnlyFromAmong("fp32", "bf16");
        var maxTrainers = new Option<int>("--max-trainers") { Description = "With --cluster: at most N trainers (default: every device, up to --batch)", HelpName = "N" };
        var command = new Command("train", "Trains RAN (segmentation network + domain discriminator) in this process, or with --cluster on every device of the cluster.")
        {
            source, sourceLayout, target, targetLayout, output, backbone, weights, steps, adversarialSteps, batch, crop, seed,
            checkpointEvery, resume, device, sync, wire, maxTrainers,
        };
        Option[] settingsOptions = [backbone, weights, steps, adversarialSteps, batch, crop, seed];
        CommandAction.Bind(command, globals, async (ctx, ct) =>
        {
            Option[] clusterOnly = [sync, wire, maxTrainers];
            if (ctx.Cluster.Kind != ClusterKind.Embedded)
            {
                if (new Option[] { resume, device }.FirstOrDefault(o => ctx.Parse.GetResult(o) is { Implicit: false }) is { } local)
                    throw new UsageException($"{local.Name}: not with --cluster (trainers use their silos' devices; a cluster run can't be resumed yet)");
                var size = ParseSize("--crop", ctx.Value(crop));
                var spec = new TrainingSpec(ctx.Value(source), ctx.Value(sourceLayout), ctx.Value(target), ctx.Value(targetLayout),
                    ctx.Value(output), SegmentationNetworks.IdOf(ParseBackbone(ctx.Value(backbone), ctx.Value(weights))), ctx.Value(weights),
                    ctx.Value(steps), ctx.Value(adversarialSteps), ctx.Value(batch), size.Width, size.Height, ctx.Value(seed),
                    ParseSync(ctx.Value(sync)).ToString(), ctx.Value(wire), ctx.Value(checkpointEvery), ctx.Value(maxTrainers));
                if (spec.Settings().Problem() is { } invalid) throw new UsageException(invalid);
                if (spec.MaxTrainers < 0) throw new UsageException("--max-trainers: must be 0 or more");
                return await ClusterTraining.RunAsync(ctx, spec, ct);
            }
            if (clusterOnly.FirstOrDefault(o => ctx.Parse.GetResult(o) is { Implicit: false }) is { } distributed)
                throw new UsageException($"{distributed.Name}: only with --cluster (training in this process has one trainer)");
            var engineDevice = DeviceOption.Read(ctx, device);
            var every = ctx.Value(checkpointEvery) is var n and >= 0 ? n : throw new UsageException("--checkpoint-every: must be 0 or more");
            var checkpoints = new RanCheckpointStore(TrainingData.OpenOutput(ctx.Value(output)));
            RanCheckpoint? resumed = null;
            RanSettings settings;
            SegmentationBackbone backboneKind;
            if (ctx.Value(resume))
            {
                if (settingsOptions.FirstOrDefault(o => ctx.Parse.GetResult(o) is { Implicit: false }) is { } given)
                    throw new UsageException($"{given.Name}: --resume continues with the checkpoint's settings; leave it out");
                resumed = await checkpoints.RequireAsync(ct);
                settings = resumed.Settings;
                backboneKind = SegmentationNetworks.FromId(resumed.Backbone)
                    ?? throw new OperationFailedException($"{checkpoints.Location}: unknown backbone '{resumed.Backbone}'");
            }
            else
            {
                backboneKind = ParseBackbone(ctx.Value(backbone), ctx.Value(weights));
                var cropSize = ParseSize("--crop", ctx.Value(crop));
                settings = Paper with
                {
                    Steps = ctx.Value(steps), AdversarialSteps = ctx.Value(adversarialSteps), Batch = ctx.Value(batch),
                    CropWidth = cropSize.Width, CropHeight = cropSize.Height, Seed = ctx.Value(seed),
                };
                if (settings.Problem() is { } problem) throw new UsageException(problem);
                if (await checkpoints.ReadAsync(ct) != null)
                    throw new OperationFailedException($"{checkpoints.Location}: already holds a checkpoint; add --resume to continue it or choose another --out");
            }

            var sourceSamples = await TrainingData.OpenSamplesAsync("source", ctx.Value(source), ctx.Value(sourceLayout), ct);
            if (!sourceSamples.Labeled) throw new OperationFailedException($"source {sourceSamples.Location}: not every image has a label");
            var targetSamples = await TrainingData.OpenSamplesAsync("target", ctx.Value(target), ctx.Value(targetLayout), ct);
            ctx.Output.Note($"training {SegmentationNetworks.IdOf(backboneKind)} on {sourceSamples.Count} source and {targetSamples.Count} target images, "
                + $"{settings.Steps}+{settings.AdversarialSteps} steps of batch {settings.Batch} at {settings.CropWidth}x{settings.CropHeight}");

            var weightsFile = ctx.Value(weights);
            var (result, seconds) = await Task.Factory.StartNew(() =>
            {
                using var trainer = RanTrainer.Create(
                    () => resumed == null ? SegmentationNetworks.Pretrained(backboneKind, weightsFile, engineDevice) : SegmentationNetworks.Untrained(backboneKind),
                    settings, engineDevice);
                if (resumed != null)
                {
                    var tensors = checkpoints.ReadTensorsAsync(resumed, ct).GetAwaiter().GetResult();
                    try
                    {
                        trainer.LoadState(tensors, resumed.Step);
                    }
                    finally
                    {
                        foreach (var tensor in tensors.Values) tensor.Dispose();
                    }
                    ctx.Output.Note($"resuming at step {resumed.Step} of {settings.TotalSteps}");
                }
                var training = new RanTraining(trainer, new RanBatchSampler(sourceSamples, targetSamples, settings), checkpoints,
                    sourceSamples.Location, targetSamples.Location, every);
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var losses = new TrainingProgressDisplay(ctx.Output).Follow<RanProgress, RanLosses?>(trainer.Step, settings.TotalSteps, TrainingProgressDisplay.Ran, report => training.Run(report, ct));
                return (new TrainResult(checkpoints.Location, trainer.Network.BackboneId, trainer.Step, settings.Steps, settings.AdversarialSteps,
                    settings.Batch, $"{settings.CropWidth}x{settings.CropHeight}", settings.Seed, losses?.Segmentation, losses?.Adversarial,
                    losses?.Discriminator), clock.Elapsed.TotalSeconds);
            }, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            ctx.Output.Result(result with { Seconds = Math.Round(seconds, 1) }, console =>
                console.WriteLine($"checkpoint at {result.Checkpoint}: step {result.Step}, segmentation loss {result.SegmentationLoss:0.####}"));
            return FcanCli.Success;
        });
        return command;
    }

    private static SegmentationBackbone ParseBackbone(string name, string? weights)
    {
        var backbone = name switch
        {
            "resnet18" => SegmentationBackbone.ResNet18,
            "resnet50" => SegmentationBackbone.ResNet50,
            "resnet101" => SegmentationBackbone.ResNet101,
            _ => throw new UsageException($"--backbone {name}: expected resnet18, resnet50 or resnet101"),
        };
        if (backbone != SegmentationBackbone.ResNet18 && weights == null) throw new UsageException($"--backbone {name} needs --weights FILE");
        return backbone;
    }

    private static SyncMode ParseSync(string text)
    {
        try
        {
            return SyncMode.Parse(text);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--sync: {e.Message}");
        }
    }

    internal static ImageSize ParseSize(string option, string text)
    {
        try
        {
            return ImageSize.Parse(text);
        }
        catch (FormatException e)
        {
            throw new UsageException($"{option}: {e.Message}");
        }
    }

    private sealed record TrainResult(string Checkpoint, string Backbone, int Step, int Steps, int AdversarialSteps, int Batch,
        string Crop, int Seed, double? SegmentationLoss, double? AdversarialLoss, double? DiscriminatorLoss)
    {
        public double Seconds { get; init; }
    }
}
