using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Fcan.Data.Imaging;
using Fcan.Engine.Aan;
using Fcan.Engine.Baselines;
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
    private static readonly Option<string> Init = new("--init") { Description = "Start image: noise, source or an image file.", DefaultValueFactory = _ => "noise" };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed of the noise init." };
    private static readonly Option<int> Iterations = new("--iterations") { Description = "Iterations I.", DefaultValueFactory = _ => AanSettings.Paper.Iterations };
    private static readonly Option<double> Alpha = new("--alpha") { Description = "Style weight alpha.", DefaultValueFactory = _ => AanSettings.Paper.Alpha };
    private static readonly Option<double> Beta = new("--beta") { Description = "Step scale beta.", DefaultValueFactory = _ => AanSettings.Paper.Beta };
    private static readonly Option<string> ContentWeights = new("--content-weights") { Description = "ws for the 5 taps, comma separated.", DefaultValueFactory = _ => "0,0,0,1,1" };
    private static readonly Option<string> StyleWeights = new("--style-weights") { Description = "wt for the 5 taps, comma separated.", DefaultValueFactory = _ => "1,1,1,1,1" };
    private static readonly Option<string> StepNormOption = new("--step-norm") { Description = "N(g): mean-abs or l1.", DefaultValueFactory = _ => "mean-abs" };
    private static readonly Option<string?> LossLog = new("--loss-log") { Description = "Write one JSON line per iteration (iteration, loss, content, style)." };
    private static readonly Option<string> Backbone = new("--backbone") { Description = "resnet18 (packaged CNTK weights) or resnet50 (needs --weights).", DefaultValueFactory = _ => "resnet18" };
    private static readonly Option<string?> Weights = new("--weights") { Description = "Weights file: ONNX for resnet18; safetensors, .pt or ONNX for resnet50." };
    private static readonly Option<string> Method = new Option<string>("--method") { Description = "aan, or a cheap baseline: colour (L*a*b* mean/std transfer to the --target images) or fda (Fourier domain adaptation with one of them).", DefaultValueFactory = _ => "aan" }
        .AcceptOnlyFromAmong(ConvertOptions.Methods);
    private static readonly Option<double> FdaBand = new("--fda-band") { Description = "FDA's band beta (see `fcan convert --help`).", DefaultValueFactory = _ => FourierDomainAdaptation.DefaultBand };
    private static readonly Option<string> Device = new("--device") { Description = "cpu, cuda or cuda:N.", DefaultValueFactory = _ => "cpu" };

    public static Command Create()
    {
        var command = new Command("render", "One AAN render in this process, no cluster.")
        {
            Source, Targets, Pool, Out, Init, Seed, Iterations, Alpha, Beta, ContentWeights, StyleWeights,
            StepNormOption, LossLog, Backbone, Weights, Method, FdaBand, Device,
        };
        command.SetAction((parsed, cancellationToken) => Task.FromResult(Run(parsed, cancellationToken)));
        return command;
    }

    private static int Run(ParseResult parsed, CancellationToken cancellationToken)
    {
        RenderRequest request;
        try
        {
            request = ParseRequest(parsed);
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine($"fcan render: {e.Message}");
            return FcanCli.BadUsage;
        }
        try
        {
            // --json is the root's recursive option (Cli/GlobalOptions).
            return Execute(request, parsed.GetValue<bool>("--json"), cancellationToken);
        }
        catch (Exception e) when (e is ImageFormatException or WeightsFileException or DeviceUnavailableException
                                      or StyleStatisticsFormatException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"fcan render: {e.Message}");
            return FcanCli.Failed;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("fcan render: cancelled");
            return FcanCli.Failed;
        }
    }

    private static int Execute(RenderRequest request, bool json, CancellationToken cancellationToken)
    {
        // Everything the user named is read and checked before torch is touched.
        var source = ImageFiles.Read(request.Source);
        var targets = request.Targets.Select(ImageFiles.Read).ToList();
        if (request.Method != RenderMethod.Aan) return ExecuteBaseline(request, source, targets, json);
        var pool = request.Pool == null ? null : ReadPool(request.Pool);
        var settings = request.Settings;
        if (request.InitFile != null) settings = settings with { Init = AanInit.FromImage(ImageFiles.Read(request.InitFile)) };

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

        var result = new { output = request.Out, width = rendered.Width, height = rendered.Height, iterations = settings.Iterations,
                           loss = last?.Loss, content = last?.Content, style = last?.Style, network = network.Id, pool = pool.ContentHash };
        Console.WriteLine(json
            ? JsonSerializer.Serialize(result)
            : $"wrote {request.Out} ({rendered.Width}x{rendered.Height}, {settings.Iterations} iterations on {network.Id}, last loss {last?.Loss.ToString("G6", CultureInfo.InvariantCulture)})");
        return FcanCli.Success;
    }

    /// <summary>A baseline needs no network: colour transfer to the targets' L*a*b* statistics, or FDA with the target
    /// the cluster would pick for an item named like the source.</summary>
    private static int ExecuteBaseline(RenderRequest request, PlanarImage source, IReadOnlyList<PlanarImage> targets, bool json)
    {
        PlanarImage rendered;
        if (request.Method == RenderMethod.Colour)
            rendered = ColourTransfer.Apply(source, LabStatistics.Of(targets.Select(t => t.ToRgb())));
        else
        {
            var target = targets[FourierDomainAdaptation.TargetIndex(Path.GetFileNameWithoutExtension(request.Source), targets.Count)];
            var resized = PlanarImage.FromRgb(ImageResizer.Bilinear(target.ToRgb(), source.Width, source.Height));
            rendered = FourierDomainAdaptation.Apply(source, resized, request.FdaBand);
        }
        ImageFiles.Write(request.Out, rendered);
        var method = request.Method.ToString().ToLowerInvariant();
        Console.WriteLine(json
            ? JsonSerializer.Serialize(new { output = request.Out, width = rendered.Width, height = rendered.Height, method })
            : $"wrote {request.Out} ({rendered.Width}x{rendered.Height}, {method})");
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

    /// <summary>Checks the options against each other and parses their values; throws FormatException for bad usage.</summary>
    private static RenderRequest ParseRequest(ParseResult parsed)
    {
        var targets = parsed.GetValue(Targets) ?? [];
        var pool = parsed.GetValue(Pool);
        if (targets.Length == 0 == (pool == null)) throw new FormatException("give either --target IMG... or --pool FILE");
        var method = ConvertOptions.ParseMethod(parsed.GetValue(Method)!);
        if (method != RenderMethod.Aan && targets.Length == 0) throw new FormatException($"--method {parsed.GetValue(Method)} needs --target images (a statistics file holds Gram matrices only)");
        var band = parsed.GetValue(FdaBand);
        if (band is < 0 or >= 0.5 || double.IsNaN(band)) throw new FormatException("--fda-band: must be at least 0 and below 0.5");
        var source = parsed.GetValue(Source)!;
        var output = parsed.GetValue(Out)!;
        foreach (var file in targets.Append(source).Append(output))
            if (!ImageFiles.IsSupported(file)) throw new FormatException($"{file}: unsupported image format (use .png, .jpg or .npy)");
        var backbone = parsed.GetValue(Backbone)!;
        if (backbone is not ("resnet18" or "resnet50")) throw new FormatException($"--backbone {backbone}: expected resnet18 or resnet50");
        var weights = parsed.GetValue(Weights);
        if (backbone == "resnet50" && weights == null) throw new FormatException("--backbone resnet50 needs --weights FILE");
        var initText = parsed.GetValue(Init)!;
        var init = initText switch { "noise" => AanInit.Noise, "source" => AanInit.Source, _ => null };
        if (init == null && !ImageFiles.IsSupported(initText)) throw new FormatException($"--init {initText}: expected noise, source or an image file");
        var stepNorm = parsed.GetValue(StepNormOption) switch
        {
            "mean-abs" => StepNorm.MeanAbs,
            "l1" => StepNorm.L1,
            var other => throw new FormatException($"--step-norm {other}: expected mean-abs or l1"),
        };
        var settings = new AanSettings
        {
            Iterations = parsed.GetValue(Iterations),
            Alpha = parsed.GetValue(Alpha),
            Beta = parsed.GetValue(Beta),
            ContentWeights = LayerWeights("--content-weights", parsed.GetValue(ContentWeights)!),
            StyleWeights = LayerWeights("--style-weights", parsed.GetValue(StyleWeights)!),
            StepNorm = stepNorm,
            Init = init ?? AanInit.Noise,
            Seed = parsed.GetValue(Seed),
        };
        if (settings.Problem() is { } problem) throw new FormatException(problem);
        return new RenderRequest(source, targets, pool, output, init == null ? initText : null, settings,
            parsed.GetValue(LossLog), backbone, weights, EngineDevice.Parse(parsed.GetValue(Device)!), method, band);
    }

    private static double[] LayerWeights(string option, string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
                throw new FormatException($"{option} {text}: '{parts[i]}' is not a number");
        if (values.Length != AanSettings.Layers) throw new FormatException($"{option} {text}: expected {AanSettings.Layers} comma-separated weights");
        return values;
    }

    private sealed record RenderRequest(string Source, string[] Targets, string? Pool, string Out, string? InitFile,
        AanSettings Settings, string? LossLog, string Backbone, string? Weights, EngineDevice Device, RenderMethod Method, double FdaBand);
}
