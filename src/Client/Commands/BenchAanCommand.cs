using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Fcan.Engine.Aan;
using Fcan.Engine.Imaging;
using Fcan.Engine.Networks;
using Fcan.Engine.Runtime;
using Fcan.Engine.Style;
using TorchSharp.PyBridge;

namespace Fcan.Client.Commands;

/// <summary>
/// `fcan bench-aan`: milliseconds per AAN iteration and images per hour (1000 iterations per image) for a backbone at
/// several sizes and batch sizes. ResNet-50 gets random weights written to a file first: weights don't change speed.
/// </summary>
public static class BenchAanCommand
{
    private const int PaperIterations = 1000;

    private static readonly Option<string> Backbone = new("--backbone") { Description = "resnet18 or resnet50.", DefaultValueFactory = _ => "resnet18" };
    private static readonly Option<string> Sizes = new("--sizes") { Description = "HxW sizes, comma separated.", DefaultValueFactory = _ => "128x256,256x512" };
    private static readonly Option<string> Batches = new("--batches") { Description = "Batch sizes, comma separated.", DefaultValueFactory = _ => "1" };
    private static readonly Option<int> Iterations = new("--iterations") { Description = "Timed iterations per case.", DefaultValueFactory = _ => 5 };
    private static readonly Option<int> Warmup = new("--warmup") { Description = "Untimed iterations first.", DefaultValueFactory = _ => 2 };
    private static readonly Option<string> Device = new("--device") { Description = "cpu, cuda or cuda:N.", DefaultValueFactory = _ => "cpu" };

    public static Command Create()
    {
        var command = new Command("bench-aan", "Time AAN iterations (ms/iteration, images/hour) for a backbone, sizes and batch sizes; prints JSON lines.")
        {
            Backbone, Sizes, Batches, Iterations, Warmup, Device,
        };
        command.SetAction((parsed, cancellationToken) => Task.FromResult(Run(parsed, cancellationToken)));
        return command;
    }

    private static int Run(ParseResult parsed, CancellationToken cancellationToken)
    {
        List<(int Height, int Width)> sizes;
        List<int> batches;
        EngineDevice device;
        var backbone = parsed.GetValue(Backbone)!;
        try
        {
            sizes = parsed.GetValue(Sizes)!.Split(',').Select(ParseSize).ToList();
            batches = parsed.GetValue(Batches)!.Split(',').Select(b => int.Parse(b, CultureInfo.InvariantCulture)).ToList();
            device = EngineDevice.Parse(parsed.GetValue(Device)!);
            if (backbone is not ("resnet18" or "resnet50")) throw new FormatException($"--backbone {backbone}: expected resnet18 or resnet50");
            if (parsed.GetValue(Warmup) < 1 || parsed.GetValue(Iterations) < 1) throw new FormatException("--warmup and --iterations must be at least 1");
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine($"fcan bench-aan: {e.Message}");
            return FcanCli.BadUsage;
        }
        try
        {
            using var network = Load(backbone, device);
            foreach (var (height, width) in sizes)
                foreach (var batch in batches)
                {
                    var ms = MillisecondsPerIteration(network, height, width, batch, parsed.GetValue(Warmup), parsed.GetValue(Iterations), cancellationToken);
                    Console.WriteLine(JsonSerializer.Serialize(new
                    {
                        impl = "fcan-torchsharp", backbone, device = device.ToString(), height, width, batch,
                        ms_per_iteration = Math.Round(ms, 1),
                        images_per_hour = Math.Round(3600_000.0 * batch / (ms * PaperIterations), 2),
                    }));
                }
            return FcanCli.Success;
        }
        catch (Exception e) when (e is DeviceUnavailableException or WeightsFileException or ArgumentException)
        {
            Console.Error.WriteLine($"fcan bench-aan: {e.Message}");
            return FcanCli.Failed;
        }
    }

    private static FeatureNetwork Load(string backbone, EngineDevice device)
    {
        if (backbone == "resnet18") return FeatureNetworks.LoadResNet18(device);
        TorchRuntime.Ensure(device);
        var file = Path.Combine(Path.GetTempPath(), $"fcan-bench-resnet50-{Environment.ProcessId}.safetensors");
        try
        {
            using (var random = ResNetTaps.ResNet50()) random.save_safetensors(file);
            return FeatureNetworks.LoadResNet50(file, device);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static double MillisecondsPerIteration(FeatureNetwork network, int height, int width, int batch, int warmup, int timed, CancellationToken cancellationToken)
    {
        var images = Enumerable.Range(0, batch).Select(_ => new PlanarImage(width, height, new float[3 * width * height])).ToList();
        var builder = new StylePoolBuilder(network);
        builder.Add([images[0]]);
        var clock = new Stopwatch();
        var settings = new AanSettings { Iterations = warmup + timed };
        new AanRenderer(network).RenderPlanar(images, builder.Build(), settings, iteration =>
        {
            // The callback reads the loss, so each iteration has finished (and synchronised) when it runs.
            if (iteration.Iteration == warmup) clock.Start();
        }, cancellationToken);
        clock.Stop();
        return clock.Elapsed.TotalMilliseconds / timed;
    }

    private static (int, int) ParseSize(string text)
    {
        var parts = text.Trim().Split('x');
        if (parts.Length != 2 || !int.TryParse(parts[0], out var height) || !int.TryParse(parts[1], out var width))
            throw new FormatException($"size '{text}': expected HxW, e.g. 256x512");
        return (height, width);
    }
}
