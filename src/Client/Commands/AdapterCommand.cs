using System.CommandLine;
using Fcan.Client.Cli;
using Fcan.Client.Connection;
using Fcan.Client.Training;
using Fcan.Engine.Adapter;
using Fcan.Engine.Networks;
using Fcan.Engine.Style;
using Fcan.Grains.Contracts;
using Fcan.Grains.Pools;
using Fcan.Grains.Storage;
using Spectre.Console;

namespace Fcan.Client.Commands;

/// <summary>
/// `fcan adapter train`: trains an adapter in this process (Engine's <see cref="AdapterTraining"/>) that learns the
/// look of a pool, so `fcan convert --method adapter` adapts each image in one forward pass instead of AAN's
/// optimisation. The pool's statistics come from the cluster (embedded by default) and are kept with the
/// checkpoints, so `--resume` continues exactly, without the cluster; the finished adapter is `OUT/adapter.fcan`.
/// With `--cluster` (or $FCAN_CLUSTER) it trains data-parallel on the cluster's devices instead, as a training job
/// (<see cref="ClusterTraining"/>), into the same checkpoints.
/// </summary>
public static class AdapterCommand
{
    private static readonly AdapterSettings Defaults = new();

    public static Command Create(GlobalOptions globals)
    {
        var command = new Command("adapter", "Adapters: networks trained once per pool that adapt an image in one forward pass.");
        command.Subcommands.Add(Train(globals));
        return command;
    }

    private static Command Train(GlobalOptions globals)
    {
        var source = new Option<string>("--source") { Description = "Training images: a dataset (or converted shards)", HelpName = "URI", Required = true };
        var layout = new Option<string>("--layout") { Description = "How the dataset is laid out", Required = true }.AcceptOnlyFromAmong(TrainingData.Layouts);
        var pool = new Option<string?>("--pool") { Description = "The target-style pool whose look the adapter learns (not with --resume)", HelpName = "NAME" };
        var output = new Option<string>("--out") { Description = "Where checkpoints and the adapter go: a local folder or az://container/prefix", HelpName = "URI", Required = true };
        var steps = new Option<int>("--steps") { Description = "Training steps", DefaultValueFactory = _ => Defaults.Steps };
        var batch = new Option<int>("--batch") { Description = "Crops per step", DefaultValueFactory = _ => Defaults.Batch };
        var crop = new Option<string>("--crop") { Description = "Random crop size (sides: multiples of 32)", HelpName = "WxH", DefaultValueFactory = _ => $"{Defaults.CropWidth}x{Defaults.CropHeight}" };
        var learningRate = new Option<double>("--learning-rate") { Description = "Adam's step size", DefaultValueFactory = _ => Defaults.LearningRate };
        var alpha = new Option<double>("--alpha") { Description = "Style weight alpha of the AAN loss the adapter learns (as `fcan convert --alpha`)", DefaultValueFactory = _ => RenderSettings.Default.Alpha };
        var channels = new Option<int>("--channels") { Description = "The adapter's width: channels after its first convolution", DefaultValueFactory = _ => Defaults.Shape.Channels };
        var blocks = new Option<int>("--blocks") { Description = "The adapter's residual blocks", DefaultValueFactory = _ => Defaults.Shape.ResidualBlocks };
        var seed = new Option<int>("--seed") { Description = "Seed of the initial weights and of every crop" };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Steps between checkpoints (and one at the end)", HelpName = "N", DefaultValueFactory = _ => 100 };
        var resume = new Option<bool>("--resume") { Description = "Continue the training at --out with its own settings and statistics" };
        var device = DeviceOption.Create("cpu, cuda or cuda:N");
        var wire = new Option<string>("--wire") { Description = "With --cluster: how trainers exchange gradients", DefaultValueFactory = _ => "fp32" }.AcceptOnlyFromAmong("fp32", "bf16");
        var maxTrainers = new Option<int>("--max-trainers") { Description = "With --cluster: at most N trainers (default: every device, up to --batch)", HelpName = "N" };
        var command = new Command("train", "Trains an adapter for a pool in this process, or with --cluster on every device of the cluster; `fcan convert --method adapter --adapter OUT` uses it.")
        {
            source, layout, pool, output, steps, batch, crop, learningRate, alpha, channels, blocks, seed, checkpointEvery, resume, device, wire, maxTrainers,
        };
        Option[] settingsOptions = [pool, steps, batch, crop, learningRate, alpha, channels, blocks, seed];
        CommandAction.Bind(command, globals, async (ctx, ct) =>
        {
            var clustered = ctx.Cluster.Kind != ClusterKind.Embedded;
            if (clustered && new Option[] { resume, device }.FirstOrDefault(o => ctx.Parse.GetResult(o) is { Implicit: false }) is { } local)
                throw new UsageException($"{local.Name}: not with --cluster (trainers use their silos' devices; `--resume` continues a cluster run in this process)");
            if (!clustered && new Option[] { wire, maxTrainers }.FirstOrDefault(o => ctx.Parse.GetResult(o) is { Implicit: false }) is { } distributed)
                throw new UsageException($"{distributed.Name}: only with --cluster (training in this process has one trainer)");
            if (ctx.Value(maxTrainers) < 0) throw new UsageException("--max-trainers: must be 0 or more");
            var engineDevice = DeviceOption.Read(ctx, device);
            var every = ctx.Value(checkpointEvery) is var n and >= 0 ? n : throw new UsageException("--checkpoint-every: must be 0 or more");
            var checkpoints = new AdapterCheckpointStore(TrainingData.OpenOutput(ctx.Value(output)));
            AdapterCheckpoint? resumed = null;
            AdapterSettings settings;
            AdapterOrigin origin;
            StyleStatistics style;
            if (ctx.Value(resume))
            {
                if (settingsOptions.FirstOrDefault(o => ctx.Parse.GetResult(o) is { Implicit: false }) is { } given)
                    throw new UsageException($"{given.Name}: --resume continues with the checkpoint's settings; leave it out");
                resumed = await checkpoints.RequireAsync(ct);
                (settings, origin) = (resumed.Settings, resumed.Origin);
                style = await checkpoints.ReadStyleAsync(ct);
            }
            else
            {
                var cropSize = TrainCommand.ParseSize("--crop", ctx.Value(crop));
                settings = Defaults with
                {
                    Shape = Defaults.Shape with { Channels = ctx.Value(channels), ResidualBlocks = ctx.Value(blocks) },
                    Loss = Defaults.Loss with { Alpha = ctx.Value(alpha) },
                    Steps = ctx.Value(steps), Batch = ctx.Value(batch), CropWidth = cropSize.Width, CropHeight = cropSize.Height,
                    LearningRate = ctx.Value(learningRate), Seed = ctx.Value(seed),
                };
                if (settings.Problem() is { } problem) throw new UsageException(problem);
                if (await checkpoints.ReadAsync(ct) != null)
                    throw new OperationFailedException($"{checkpoints.Location}: already holds an adapter training; add --resume to continue it or choose another --out");
                var poolName = Names.Require("pool", ctx.Value(pool) ?? throw new UsageException("--pool: required (the pool whose look the adapter learns)"));
                await using (var session = await ClusterConnector.OpenAsync(ctx, ct))
                {
                    var (info, statistics) = await session.Client.GetPoolStatisticsAsync(poolName, ct);
                    if (info.NetworkId != FeatureNetworks.ResNet18Id)
                        throw new OperationFailedException($"pool '{poolName}' was built with {info.NetworkId}; adapters learn {FeatureNetworks.ResNet18Id} statistics");
                    style = statistics;
                    // The default loss starts from the pool's colours, which its Gram statistics do not hold.
                    settings = settings with { Loss = settings.Loss with { Init = settings.Loss.Init.WithColours(PoolImages.Colours(new BlobStoreCache(), info, ct)) } };
                    origin = new AdapterOrigin(StorageLocation.Normalize(ctx.Value(source)), info.Name, info.Version, info.StatisticsHash, info.NetworkId);
                }
                await checkpoints.SaveStyleAsync(style, ct);
            }

            var samples = await TrainingData.OpenSamplesAsync("source", ctx.Value(source), ctx.Value(layout), ct);
            ctx.Output.Note($"training an adapter for pool {origin.Pool} v{origin.PoolVersion} on {samples.Count} images, "
                + $"{settings.Steps} steps of {settings.Batch} crops of {settings.CropWidth}x{settings.CropHeight}");
            var outcome = clustered
                ? await TrainOnClusterAsync(ctx, AdapterTrainingSpec.Job(settings, origin, ctx.Value(layout), checkpoints.Location, ctx.Value(wire), every, ctx.Value(maxTrainers)), ct)
                : await LocalAdapterTraining.RunAsync(ctx, engineDevice, samples, style, settings, origin, checkpoints, resumed, every, ct);
            var hash = TrainedAdapter.HashOf(await checkpoints.ReadAdapterFileAsync(ct));
            var result = new AdapterTrainResult(checkpoints.Location, hash, outcome.Step, settings.Steps, settings.Batch,
                $"{settings.CropWidth}x{settings.CropHeight}", settings.Seed, origin.Pool, origin.PoolVersion, outcome.Losses?.Total,
                outcome.Losses?.Content, outcome.Losses?.Style, Math.Round(outcome.ImagesPerSecond, 2), Math.Round(outcome.Seconds, 1));
            ctx.Output.Result(result, console =>
                console.WriteLine($"adapter at {result.Adapter} (sha256 {hash[..12]}): step {result.Step}, loss {result.Loss:0.###e+0}"));
            return FcanCli.Success;
        });
        return command;
    }

    /// <summary>The training job's run as a local run's outcome; a job that did not complete is the command's error.</summary>
    private static async Task<LocalAdapterTraining.Outcome> TrainOnClusterAsync(CommandContext ctx, TrainingSpec spec, CancellationToken ct)
    {
        var status = await ClusterTraining.FollowAsync(ctx, spec, ct);
        if (status.State != TrainingState.Completed)
            throw new OperationFailedException($"training job {status.JobId} {status.State.ToString().ToLowerInvariant()}: {status.Error ?? "no error reported"}");
        var seconds = (status.FinishedAt - status.CreatedAt)?.TotalSeconds ?? 0;
        var losses = status.Losses is { Total: { } total, Content: { } content, Style: { } style } ? new AdapterLosses(total, content, style) : null;
        return new LocalAdapterTraining.Outcome(status.Step, losses, status.Step * spec.Batch / Math.Max(1e-9, seconds), seconds);
    }

    private sealed record AdapterTrainResult(string Adapter, string Hash, int Step, int Steps, int Batch, string Crop, int Seed,
        string Pool, int PoolVersion, double? Loss, double? ContentLoss, double? StyleLoss, double ImagesPerSecond, double Seconds);
}
