using System.CommandLine;
using Fcan.Client.Assess;
using Fcan.Client.Cli;
using Fcan.Client.Connection;
using Fcan.Client.Demo;
using Fcan.Client.Views;
using Fcan.Data.Imaging;
using Fcan.Engine.Networks;
using Fcan.Engine.Quality;
using Fcan.Engine.Runtime;
using Fcan.Grains.Pools;
using Fcan.Grains.Rendering;
using Fcan.Grains.Storage;

namespace Fcan.Client.Commands;

/// <summary>`fcan assess`: the quality report of an adaptation (Engine's <see cref="AdaptationAssessment"/>): how close
/// the adapted images came to the targets and how much of their sources they kept, per image and for the set.</summary>
public static class AssessCommand
{
    /// <summary>Rows of the contact sheet at most: enough to judge a look, small enough to open.</summary>
    private const int SheetRows = 16;

    public static Command Create(GlobalOptions globals)
    {
        var output = new Option<string?>("--output") { Description = "A converted output (local path or az://): its current generation's images, labels and, through each item's .json, its sources", HelpName = "URI" };
        var sources = new Option<string?>("--sources") { Description = "Folder of source images (with --adapted; paired by file stem)", HelpName = "DIR" };
        var adapted = new Option<string?>("--adapted") { Description = "Folder of adapted images (with --sources)", HelpName = "DIR" };
        var pool = new Option<string?>("--pool") { Description = "Compare with this pool's images", HelpName = "NAME" };
        var targets = new Option<string[]>("--target") { Description = "Compare with these images (files or folders)", HelpName = "IMG", AllowMultipleArgumentsPerToken = true };
        var labels = new Option<string?>("--labels") { Description = "Folder of grey label maps (STEM.png or STEM.label.png, ids per pixel, 255 = none) for --sources/--adapted", HelpName = "DIR" };
        var sheet = new Option<string?>("--contact-sheet") { Description = $"Write a PNG with source | adapted | a target example, one row per image (the first {SheetRows})", HelpName = "FILE" };
        var device = new Option<string>("--device") { Description = "Where the feature network runs: cpu or cuda[:i]", DefaultValueFactory = _ => "cpu" };
        var command = new Command("assess", "Measures how well images were adapted to a target set: domain gap (KID, colour gap, detail gap) and content kept (structure kept, SSIM, edge F1), per image and for the set.")
            { output, sources, adapted, pool, targets, labels, sheet, device };
        CommandAction.Bind(command, globals, async (ctx, ct) =>
        {
            var (outputUri, sourceDir, adaptedDir, poolName) = (ctx.Parse.GetValue(output), ctx.Parse.GetValue(sources), ctx.Parse.GetValue(adapted), ctx.Parse.GetValue(pool));
            var targetFiles = ctx.Parse.GetValue(targets) ?? [];
            if (outputUri is null == (sourceDir is null || adaptedDir is null) || (outputUri is not null && (sourceDir ?? adaptedDir) is not null))
                throw new UsageException("give either --output URI or both --sources DIR and --adapted DIR");
            if (poolName is null == (targetFiles.Length == 0)) throw new UsageException("give either --pool NAME or --target IMG...");
            if (outputUri is not null && ctx.Parse.GetValue(labels) is not null) throw new UsageException("--labels goes with --sources/--adapted; an output holds its labels");
            var engineDevice = DeviceOption(ctx.Value(device));

            var pairs = outputUri is not null
                ? await AdaptedSet.FromOutputAsync(StorageLocation.Normalize(outputUri), ct)
                : AdaptedSet.FromFolders(sourceDir!, adaptedDir!, ctx.Parse.GetValue(labels));
            var (width, height) = (pairs[0].Adapted.Width, pairs[0].Adapted.Height);
            // Targets are compared at the adapted size: detail energy and features depend on scale.
            var targetImages = (poolName is not null
                    ? await PoolTargetsAsync(ctx, poolName, ct)
                    : targetFiles.SelectMany(StorageLocation.ExpandImages).Select(AdaptedSet.Read).ToList())
                .Select(image => ImageResizer.Antialiased(image, width, height)).ToList();

            TorchRuntime.Ensure(engineDevice);
            AssessmentReport report;
            using (var network = FeatureNetworks.LoadResNet18(engineDevice))
                report = AdaptationAssessment.Assess(network, pairs, targetImages);
            var sheetFile = ctx.Parse.GetValue(sheet) is { } file ? WriteSheet(Path.GetFullPath(file), pairs, targetImages) : null;
            var result = new AssessResult(outputUri ?? adaptedDir!, poolName is not null ? $"pool {poolName}" : $"{targetImages.Count} target images",
                $"{width}x{height}", sheetFile, report.Set, report.Images);
            ctx.Output.Result(result, console => console.Write(AssessViews.Report(result)));
            return FcanCli.Success;
        });
        return command;
    }

    private static async Task<IReadOnlyList<RgbImage>> PoolTargetsAsync(CommandContext ctx, string name, CancellationToken ct)
    {
        await using var session = await ClusterConnector.OpenAsync(ctx, ct);
        var info = await session.Client.GetPoolAsync(Names.Require("pool", name), ct);
        var stores = new BlobStoreCache();
        return await Task.WhenAll(info.Definition.Images.Select(uri => PoolImages.LoadAsync(stores, uri, info.Definition.Size, ct)));
    }

    private static string WriteSheet(string file, IReadOnlyList<AssessedPair> pairs, IReadOnlyList<RgbImage> targets)
    {
        var rows = pairs.Take(SheetRows)
            .Select((pair, i) => (IReadOnlyList<RgbImage>)[pair.Source, pair.Adapted, targets[i % targets.Count]]).ToList();
        File.WriteAllBytes(file, ImageCodec.EncodePng(ContactSheet.Compose(rows)));
        return file;
    }

    private static EngineDevice DeviceOption(string text)
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
}

/// <summary>What `fcan assess` reports (its `--json` document).</summary>
/// <param name="Adapted">The output or folder assessed.</param>
/// <param name="Targets">What it was compared with.</param>
/// <param name="Size">The adapted size; targets and sources were compared at it.</param>
/// <param name="ContactSheet">The contact sheet written, or null.</param>
public sealed record AssessResult(string Adapted, string Targets, string Size, string? ContactSheet, SetQuality Set,
    IReadOnlyList<ImageQuality> Images);
