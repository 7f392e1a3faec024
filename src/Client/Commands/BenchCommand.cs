using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Fcan.Engine.Aan;
using Fcan.Engine.Baselines;
using Fcan.Engine.Networks;
using Fcan.Engine.Runtime;
using Fcan.Grains.Contracts;
using TorchSharp.PyBridge;

namespace Fcan.Client.Commands;

/// <summary>
/// `fcan bench`: AAN speed with the paper preset. Renders N synthetic images of a size on a backbone, device, batch
/// and precision(s); prints ms per iteration, images per hour at 1000 iterations and peak memory (JSON lines with
/// --json). ResNet-50 without --weights gets random weights written to a file first: weights don't change speed.
/// </summary>
public static class BenchCommand
{
    private static readonly JsonSerializerOptions JsonLines = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private static readonly Option<string> Backbone = new("--backbone") { Description = "resnet50 (the paper's) or resnet18.", DefaultValueFactory = _ => "resnet50" };
    private static readonly Option<string?> Weights = new("--weights") { Description = "Weights file: safetensors, .pt or ONNX for resnet50 (random weights without it); ONNX for resnet18 (the packaged CNTK network without it)." };
    private static readonly Option<string> Size = new("--size") { Description = "Image size WxH (2048x1024 is Cityscapes, 1914x1052 GTA5).", HelpName = "WxH", DefaultValueFactory = _ => "2048x1024" };
    private static readonly Option<int> Images = new("--images") { Description = "Images rendered in the timed part (at least the batch).", DefaultValueFactory = _ => 1 };
    private static readonly Option<string> Batch = new("--batch") { Description = "Images per step, or auto: as many as free CUDA memory holds (1 on the CPU).", DefaultValueFactory = _ => "1" };
    private static readonly Option<string> Precision = new("--precision") { Description = "fp32, tf32 or bf16; several comma separated are measured one after another.", DefaultValueFactory = _ => "fp32" };
    private static readonly Option<int> Iterations = new("--iterations") { Description = "AAN iterations per timed render.", DefaultValueFactory = _ => 20 };
    private static readonly Option<int> Warmup = new("--warmup") { Description = "Iterations of the untimed warm-up render.", DefaultValueFactory = _ => 3 };
    private static readonly Option<string> Device = new("--device") { Description = "cpu, cuda or cuda:N.", DefaultValueFactory = _ => "cpu" };
    private static readonly Option<string> Method = new Option<string>("--method") { Description = "aan, or a cheap baseline timed per image on the CPU: colour or fda (--size and --images apply).", DefaultValueFactory = _ => "aan" }
        .AcceptOnlyFromAmong(ConvertOptions.Methods);
    private static readonly Option<bool> Check = new("--check") { Description = "Also check each reduced precision against fp32 (final loss and Gram distance within 1%)." };

    public static Command Create()
    {
        var command = new Command("bench", "Time AAN renders (paper preset): ms/iteration, images/hour at 1000 iterations, peak memory.")
        {
            Backbone, Weights, Size, Images, Batch, Precision, Iterations, Warmup, Device, Check, Method,
        };
        command.SetAction((parsed, cancellationToken) => Task.FromResult(Run(parsed, cancellationToken)));
        return command;
    }

    private static int Run(ParseResult parsed, CancellationToken cancellationToken)
    {
        BenchRequest request;
        try
        {
            request = ParseRequest(parsed);
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine($"fcan bench: {e.Message}");
            return FcanCli.BadUsage;
        }
        try
        {
            // --json is the root's recursive option (Cli/GlobalOptions).
            var json = parsed.GetValue<bool>("--json");
            if (ConvertOptions.ParseMethod(parsed.GetValue(Method)!) is var method and not RenderMethod.Aan)
            {
                var result = BaselineBenchmark.Measure(method, request.Size, request.Images, FourierDomainAdaptation.DefaultBand);
                Console.WriteLine(json ? JsonSerializer.Serialize(result, JsonLines) : result.ToString());
                return FcanCli.Success;
            }
            var (network, weights) = Load(request);
            using (network)
            {
                // cuDNN autotuning pays off from the second iteration of a shape: every render here has hundreds.
                if (request.Device.IsCuda) TorchRuntime.SetCudnnBenchmark(true);
                var benchmark = new AanBenchmark(network, request, weights);
                foreach (var precision in request.Precisions)
                {
                    var result = benchmark.Measure(precision, cancellationToken);
                    Console.WriteLine(json ? JsonSerializer.Serialize(result, JsonLines) : result.ToString());
                }
            }
            return FcanCli.Success;
        }
        catch (Exception e) when (e is DeviceUnavailableException or WeightsFileException or ArgumentException or IOException)
        {
            Console.Error.WriteLine($"fcan bench: {e.Message}");
            return FcanCli.Failed;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("fcan bench: cancelled");
            return FcanCli.Failed;
        }
    }

    private static BenchRequest ParseRequest(ParseResult parsed)
    {
        var backbone = parsed.GetValue(Backbone)!;
        if (backbone is not ("resnet18" or "resnet50")) throw new FormatException($"--backbone {backbone}: expected resnet18 or resnet50");
        var weights = parsed.GetValue(Weights);
        if (weights != null && !File.Exists(weights)) throw new FormatException($"--weights {weights}: file not found");
        ImageSize size;
        try
        {
            size = ImageSize.Parse(parsed.GetValue(Size)!);
        }
        catch (FormatException e)
        {
            throw new FormatException($"--size: {e.Message}");
        }
        var batchText = parsed.GetValue(Batch)!;
        int? batch = batchText == "auto" ? null
            : int.TryParse(batchText, NumberStyles.None, CultureInfo.InvariantCulture, out var b) && b >= 1 ? b
            : throw new FormatException($"--batch {batchText}: expected a whole number >= 1 or auto");
        var precisions = parsed.GetValue(Precision)!.Split(',').Select(ParsePrecision).ToList();
        var (iterations, warmup) = (parsed.GetValue(Iterations), parsed.GetValue(Warmup));
        if (iterations < 1 || warmup < 1) throw new FormatException("--iterations and --warmup must be at least 1");
        var images = parsed.GetValue(Images);
        if (images < 1) throw new FormatException("--images must be at least 1");
        return new BenchRequest(backbone, weights, size, Math.Max(images, batch ?? 1), batch, precisions, iterations, warmup,
            EngineDevice.Parse(parsed.GetValue(Device)!), parsed.GetValue(Check));
    }

    private static AanPrecision ParsePrecision(string text) => text.Trim() switch
    {
        "fp32" => AanPrecision.Fp32,
        "tf32" => AanPrecision.Tf32,
        "bf16" => AanPrecision.Bf16,
        _ => throw new FormatException($"--precision {text}: expected fp32, tf32 or bf16"),
    };

    private static (FeatureNetwork Network, string Weights) Load(BenchRequest request)
    {
        if (request.Backbone == "resnet18")
            return request.Weights is { } onnx
                ? (FeatureNetworks.LoadResNet18(onnx, request.Device), Path.GetFileName(onnx))
                : (FeatureNetworks.LoadResNet18(request.Device), "packaged CNTK");
        if (request.Weights is { } file) return (FeatureNetworks.LoadResNet50(file, request.Device), Path.GetFileName(file));
        TorchRuntime.Ensure(request.Device);
        var random = Path.Combine(Path.GetTempPath(), $"fcan-bench-resnet50-{Environment.ProcessId}.safetensors");
        try
        {
            using (var trunk = ResNetTaps.ResNet50()) trunk.save_safetensors(random);
            return (FeatureNetworks.LoadResNet50(random, request.Device), "random");
        }
        finally
        {
            File.Delete(random);
        }
    }
}
