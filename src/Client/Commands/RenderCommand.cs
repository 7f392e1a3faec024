using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Fcan.Data.Imaging;
using Fcan.Client.Cli;
using Spectre.Console;
using Fcan.Engine.Aan;
using Fcan.Engine.Baselines;
using Fcan.Engine.Colour;
using Fcan.Engine.Imaging;
using Fcan.Engine.Networks;
using Fcan.Engine.Runtime;
using Fcan.Engine.Style;
using Fcan.Grains.Contracts;
using Fcan.Grains.Rendering;

namespace Fcan.Client.Commands;

/// <summary>`fcan render`: one AAN render in this process, no cluster (../shared/spec/cli.md).</summary>
public static class RenderCommand
{
    private static readonly JsonSerializerOptions LogFormat = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private static readonly Option<string> Source = new("--source") { Description = "Source image (.png, .jpg or .npy float32 [3,H,W] RGB 0..255).", Required = true };
    private static readonly Option<string[]> Targets = new("--target") { Description = "Target-style images; their mean Gram statistics are the style.", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<string> Pool = new("--pool") { Description = "A style statistics file (from a pool) instead of --target images." };
    private static readonly Option<string> Out = new("--out") { Description = "Output image (.png, .jpg or .npy).", Required = true };
    private static readonly Option<string?> LossLog = new("--loss-log") { Description = "Write one JSON line per iteration (iteration, loss, content, style)." };
    private static readonly Option<string> Backbone = new("--backbone") { Description = "resnet18 (packaged CNTK weights) or resnet50 (needs --weights).", DefaultValueFactory = _ => "resnet18" };
    private static readonly Option<string?> Weights = new("--weights") { Description = "Weights file: ONNX for resnet18; safetensors, .pt or ONNX for resnet50." };
    private static readonly Option<string> Method = new Option<string>("--method") { Description = "aan, or a cheap baseline: colour (l-alpha-beta mean/std transfer to the --target images) or fda (Fourier domain adaptation with one of them).", DefaultValueFactory = _ => "aan" }
        .AcceptOnlyFromAmong(ConvertOptions.Methods);
    private static readonly Option<double> FdaBand = new("--fda-band") { Description = "FDA's band beta (see `fcan convert --help`).", DefaultValueFactory = _ => FourierDomainAdaptation.DefaultBand };
    private static readonly Option<string> Device = new("--device") { Description = "cpu, cuda or cuda:N.", DefaultValueFactory = _ => "cpu" };

    public static Command Create(GlobalOptions globals)
    {
        var aan = new AanOptions(imageInit: true);
        var command = new Command("render", "One AAN render in this process, no cluster.")
        {
            Source, Targets, Pool, Out, LossLog, Backbone, Weights, Method, FdaBand, Device,
        };
        aan.AddTo(command);
        CommandAction.Bind(command, globals, (ctx, cancellationToken) =>
            Task.FromResult(Execute(ParseRequest(ctx, aan), ctx, cancellationToken)));
        return command;
    }

    private static int Execute(RenderRequest request, CommandContext ctx, CancellationToken cancellationToken)
    {
        // Everything the user named is read and checked before torch is touched.
        var source = ImageFiles.Read(request.Source);
        var targets = request.Targets.Select(ImageFiles.Read).ToList();
        if (request.Method != RenderMethod.Aan) return ExecuteBaseline(request, source, targets, ctx);
        var pool = request.Pool == null ? null : ReadPool(request.Pool);
        var settings = request.Settings;
        if (request.InitFile != null) settings = settings with { Init = AanInit.FromImage(ImageFiles.Read(request.InitFile)) };
        if (settings.Init.Kind == AanInitKind.ColourMatched && targets.Count > 0)
            settings = settings with { Init = settings.Init.WithColours(ColourMoments.Of(targets)) };

        using var network = request.Backbone == "resnet50"
            ? FeatureNetworks.LoadResNet50(request.Weights!, request.Device)
            : request.Weights != null ? FeatureNetworks.LoadResNet18(request.Weights, request.Device) : FeatureNetworks.LoadResNet18(request.Device);
        CheckSize(network, request.Source, source);
        foreach (var (file, image) in request.Targets.Zip(targets)) CheckSize(network, file, image);

        if (pool == null)
        {
            var builder = new StylePoolBuilder(network);
            foreach (var image in targets) builder.Add([image]);
            pool = builder.Build();
        }

        using var log = request.LossLog == null ? null : new StreamWriter(request.LossLog);
        AanIteration? last = null;
        var rendered = new AanRenderer(network).RenderPlanar([source], pool, settings, iteration =>
        {
            last = iteration;
            log?.WriteLine(JsonSerializer.Serialize(iteration, LogFormat));
        }, cancellationToken)[0];
        ImageFiles.Write(request.Out, rendered);

        var result = new { output = request.Out, width = rendered.Width, height = rendered.Height, preset = request.Preset, iterations = settings.Iterations,
                           loss = last?.Loss, content = last?.Content, style = last?.Style, network = network.Id, pool = pool.ContentHash };
        ctx.Output.Result(result, console => console.WriteLine(
            $"wrote {request.Out} ({rendered.Width}x{rendered.Height}, {request.Preset} preset, {settings.Iterations} iterations on {network.Id}, last loss {last?.Loss.ToString("G6", CultureInfo.InvariantCulture)})"));
        return FcanCli.Success;
    }

    /// <summary>A baseline needs no network: colour transfer to the targets' l-alpha-beta statistics, or FDA with the target
    /// the cluster would pick for an item named like the source.</summary>
    private static int ExecuteBaseline(RenderRequest request, PlanarImage source, IReadOnlyList<PlanarImage> targets, CommandContext ctx)
    {
        PlanarImage rendered;
        if (request.Method == RenderMethod.Colour)
            rendered = ColourTransfer.Apply(source, ColourMoments.Of(targets));
        else
        {
            var target = targets[FourierDomainAdaptation.TargetIndex(Path.GetFileNameWithoutExtension(request.Source), targets.Count)];
            var resized = PlanarImage.FromRgb(ImageResizer.Antialiased(target.ToRgb(), source.Width, source.Height));
            rendered = FourierDomainAdaptation.Apply(source, resized, request.FdaBand);
        }
        ImageFiles.Write(request.Out, rendered);
        var method = request.Method.ToString().ToLowerInvariant();
        ctx.Output.Result(new { output = request.Out, width = rendered.Width, height = rendered.Height, method },
            console => console.WriteLine($"wrote {request.Out} ({rendered.Width}x{rendered.Height}, {method})"));
        return FcanCli.Success;
    }

    private static void CheckSize(FeatureNetwork network, string file, PlanarImage image)
    {
        var problem = network.SizeProblem(image.Width, image.Height);
        if (problem != null) throw new ImageFormatException(file, problem);
    }

    private static StyleStatistics ReadPool(string path)
    {
        if (!File.Exists(path))
            throw new ImageFormatException(path, "no such style statistics file (named pools are not reachable from render)");
        using var stream = File.OpenRead(path);
        try
        {
            return StyleStatistics.ReadFrom(stream);
        }
        catch (StyleStatisticsFormatException e)
        {
            throw new StyleStatisticsFormatException($"{path}: {e.Message}");
        }
    }

    /// <summary>Checks the options against each other and parses their values (bad usage: exit 2).</summary>
    private static RenderRequest ParseRequest(CommandContext ctx, AanOptions aan)
    {
        var targets = ctx.Value(Targets) ?? [];
        var pool = ctx.Value(Pool);
        if (targets.Length == 0 == (pool == null)) throw new UsageException("give either --target IMG... or --pool FILE");
        var source = ctx.Value(Source);
        var output = ctx.Value(Out);
        var (preset, settings, initFile) = aan.Read(ctx);
        var method = ConvertOptions.ParseMethod(ctx.Value(Method));
        if (method != RenderMethod.Aan && targets.Length == 0) throw new UsageException($"--method {ctx.Value(Method)} needs --target images (a statistics file holds Gram matrices only)");
        var band = ctx.Value(FdaBand);
        if (band is < 0 or >= 0.5 || double.IsNaN(band)) throw new UsageException("--fda-band: must be at least 0 and below 0.5");
        foreach (var file in targets.Append(source).Append(output).Concat(initFile is null ? [] : [initFile]))
            if (!ImageFiles.IsSupported(file)) throw new UsageException($"{file}: unsupported image format (use .png, .jpg or .npy)");
        var backbone = ctx.Value(Backbone);
        if (backbone is not ("resnet18" or "resnet50")) throw new UsageException($"--backbone {backbone}: expected resnet18 or resnet50");
        var weights = ctx.Value(Weights);
        if (backbone == "resnet50" && weights == null) throw new UsageException("--backbone resnet50 needs --weights FILE");
        if (method == RenderMethod.Aan && settings.Init.Kind == AanInitKind.ColourMatched && pool != null)
            throw new UsageException($"the {AanPresets.Name(preset)} preset starts from the target's colours, which a statistics file does not hold: give --target images, or --init source");
        EngineDevice device;
        try
        {
            device = EngineDevice.Parse(ctx.Value(Device));
        }
        catch (FormatException e)
        {
            throw new UsageException($"--device: {e.Message}");
        }
        return new RenderRequest(source, targets, pool, output, initFile, AanPresets.Name(preset), settings,
            ctx.Value(LossLog), backbone, weights, device, method, band);
    }

    private sealed record RenderRequest(string Source, string[] Targets, string? Pool, string Out, string? InitFile,
        string Preset, AanSettings Settings, string? LossLog, string Backbone, string? Weights, EngineDevice Device,
        RenderMethod Method, double FdaBand);
}
