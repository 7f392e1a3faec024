using System.CommandLine;
using Fcan.Client.Cli;
using Fcan.Client.Connection;
using Fcan.Client.Demo;
using Fcan.Client.Views;
using Fcan.Data.Datasets;
using Fcan.Data.Imaging;
using Fcan.Data.Storage;
using Fcan.Data.Synthetic;
using Fcan.Engine.Aan;
using Fcan.Engine.Quality;
using Fcan.Engine.Runtime;
using Fcan.Grains.Client;
using Fcan.Grains.Contracts;

namespace Fcan.Client.Commands;

/// <summary>
/// `fcan demo`: the whole pipeline on a built-in mini dataset, on the embedded cluster: generate, build a pool from
/// the real half, convert the synthetic half, write shards, a manifest and a contact sheet, and measure.
/// </summary>
public static class DemoCommand
{
    private const string PoolName = "demo-real";

    public static Command Create(GlobalOptions globals)
    {
        var output = new Option<string>("--out") { Description = "Folder for the dataset, the converted shards and the contact sheet", HelpName = "DIR", DefaultValueFactory = _ => "fcan-demo" };
        var images = new Option<int>("--images") { Description = "Images in each half of the mini dataset", HelpName = "N", DefaultValueFactory = _ => 8 };
        var size = new Option<string>("--size") { Description = "Image size", HelpName = "WxH", DefaultValueFactory = _ => "256x128" };
        var device = new Option<string>("--device") { Description = "Where the measurement (and the adapter's training) runs: cpu or cuda[:i]", DefaultValueFactory = _ => "cpu" };
        var method = new Option<string>("--method") { Description = "aan, or adapter: also train a small adapter on the synthetic half and convert with it, beside AAN", DefaultValueFactory = _ => "aan" }
            .AcceptOnlyFromAmong("aan", "adapter");
        var adapterSteps = new Option<int>("--adapter-steps") { Description = "With --method adapter: the adapter's training steps", HelpName = "N", DefaultValueFactory = _ => DemoAdapter.Steps };
        var command = new Command("demo", "Runs the whole pipeline on a built-in synthetic-to-real mini dataset (a few minutes on 2 CPU cores).")
            { output, images, size, device, method, adapterSteps };
        var aan = new AanOptions(imageInit: false);
        aan.AddTo(command);
        CommandAction.Bind(command, globals, async (ctx, ct) =>
        {
            var (preset, settings, _) = aan.Read(ctx);
            var imageSize = ParseSize(ctx.Value(size));
            var plan = new DemoPlan(
                Path.GetFullPath(ctx.Value(output)),
                Positive("--images", ctx.Value(images)),
                imageSize,
                RenderSettings.From(settings, imageSize) with { Preset = AanPresets.Name(preset) },
                settings,
                ParseDevice(ctx.Value(device)),
                ctx.Value(method) == "adapter" ? Positive("--adapter-steps", ctx.Value(adapterSteps)) : null);
            if (ctx.Cluster.Kind != ClusterKind.Embedded) throw new UsageException("demo runs on its own embedded cluster; leave out --cluster");
            var report = await RunAsync(ctx, plan, ct);
            ctx.Output.Result(report, console => console.Write(DemoViews.Report(report)));
            return report.Quality.Succeeded ? FcanCli.Success : FcanCli.Failed;
        });
        return command;
    }

    private static async Task<DemoReport> RunAsync(CommandContext ctx, DemoPlan plan, CancellationToken ct)
    {
        var timer = new StepTimer();
        var dataset = Path.Combine(plan.Folder, "dataset");
        var converted = Path.Combine(plan.Folder, "converted");
        var adapterFolder = Path.Combine(plan.Folder, "adapter");
        var adapterConverted = Path.Combine(plan.Folder, "converted-adapter");
        // Shards are create-only; a previous run's output must not be mistaken for this one's (nor its adapter).
        foreach (var folder in new[] { converted, adapterFolder, adapterConverted })
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);

        ctx.Output.Note($"generating {plan.Images}+{plan.Images} images of {plan.Size} in {dataset}");
        var folders = timer.Time("generate", () => SyntheticDataset.Generate(dataset, new SyntheticDatasetOptions
        {
            SourceImages = plan.Images, TargetImages = plan.Images, Width = plan.Size.Width, Height = plan.Size.Height,
        }));
        var sources = await LoadAsync(folders.Source, DatasetLayout.Gta5, ct);
        var real = await LoadAsync(folders.Target, DatasetLayout.Cityscapes, ct);

        await using var session = await ClusterConnector.OpenAsync(ctx, ct);
        ctx.Output.Note($"building pool {PoolName} from {real.Count} real images");
        var pool = await timer.TimeAsync("pool", () => session.Client.DefinePoolAsync(PoolName,
            new PoolDefinition(real.Select(r => Path.Combine(folders.Target, r.Item.ImageName)).ToList(), plan.Size), ct));

        var spec = new JobSpec(folders.Source, "gta5", pool.Name, pool.Version,
            plan.Settings, converted, ShardSize: Math.Max(1, plan.Images / 2));
        var jobId = FcanClusterClient.NewJobId();
        ctx.Output.Note($"converting {sources.Count} synthetic images ({plan.Settings.Preset} preset, {plan.Settings.Iterations} iterations each), job {jobId}");
        var status = await timer.TimeAsync("convert", async () =>
            await new JobProgressDisplay(ctx.Output).FollowAsync(session.Client, await session.Client.StartJobAsync(jobId, spec, ct), ct));
        if (status.State != JobState.Completed)
            throw new OperationFailedException($"demo job {jobId}: {status.State.ToString().ToLowerInvariant()}{(status.Error is { } e ? $" ({e})" : "")}");

        var adapted = await ShardImages.ReadAsync(converted, ct);
        var pairs = sources.Where(s => adapted.ContainsKey(s.Item.Key)).ToList();
        IReadOnlyDictionary<string, RgbImage>? byAdapter = null;
        if (plan.AdapterSteps is { } steps)
        {
            var adapter = new DemoAdapter(ctx, session, plan.Loss, plan.Device, timer);
            await adapter.TrainAsync(PoolName, folders.Source, real.Select(r => r.Image).ToList(), steps, plan.Size, adapterFolder, ct);
            byAdapter = await adapter.ConvertAsync(spec, adapterFolder, adapterConverted, sources.Count, ct);
        }
        AssessedPair Pair(LoadedItem p, IReadOnlyDictionary<string, RgbImage> by) => new(p.Item.Key, p.Image, by[p.Item.Key], p.TrainIds);
        var quality = timer.Time("measure", () => new DemoMeasurement(plan.Device).Measure(real.Select(r => r.Image).ToList(),
            pairs.Select(p => Pair(p, adapted)).ToList(), byAdapter is null ? null : pairs.Select(p => Pair(p, byAdapter)).ToList()));

        var sheet = Path.Combine(plan.Folder, "contact-sheet.png");
        timer.Time("contact sheet", () =>
        {
            var rows = pairs.Select((p, i) => (IReadOnlyList<RgbImage>)(byAdapter is null
                ? [p.Image, adapted[p.Item.Key], real[i % real.Count].Image]
                : [p.Image, adapted[p.Item.Key], byAdapter[p.Item.Key], real[i % real.Count].Image])).ToList();
            File.WriteAllBytes(sheet, ImageCodec.EncodePng(ContactSheet.Compose(rows)));
            return sheet;
        });
        return new DemoReport(jobId, dataset, converted, Path.Combine(converted, "manifest.jsonl"), sheet, ctx.Home,
            pairs.Count, plan.Size.ToString(), plan.Settings.Iterations, quality, timer.Seconds)
        {
            Adapter = byAdapter is null ? null : adapterFolder,
            AdapterOutput = byAdapter is null ? null : adapterConverted,
        };
    }

    private static async Task<IReadOnlyList<LoadedItem>> LoadAsync(string root, DatasetLayout layout, CancellationToken ct)
    {
        var reader = DatasetReaders.Open(BlobStores.Open(root), layout);
        var items = new List<LoadedItem>();
        await foreach (var item in reader.ListAsync(ct)) items.Add(await reader.LoadAsync(item, ct));
        return items;
    }

    private static int Positive(string option, int value) =>
        value > 0 ? value : throw new UsageException($"{option}: must be a positive number");

    private static ImageSize ParseSize(string text)
    {
        try
        {
            return ImageSize.Parse(text);
        }
        catch (FormatException e)
        {
            throw new UsageException($"--size: {e.Message}");
        }
    }

    private static EngineDevice ParseDevice(string text)
    {
        try
        {
            return EngineDevice.Parse(text);
        }
        catch (FormatException e)
        {
            throw new UsageException($"--device: {e.Message}");
        }
    }

    /// <param name="Loss">The AAN settings of the conversion, which the adapter learns.</param>
    /// <param name="AdapterSteps">With --method adapter: the adapter's training steps; null without.</param>
    private sealed record DemoPlan(string Folder, int Images, ImageSize Size, RenderSettings Settings, AanSettings Loss, EngineDevice Device, int? AdapterSteps);
}
