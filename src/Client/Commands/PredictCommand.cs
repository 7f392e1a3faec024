using System.CommandLine;
using Fcan.Client.Cli;
using Fcan.Client.Training;
using Fcan.Data.Datasets;
using Fcan.Engine.Ran.Checkpoints;
using Fcan.Engine.Segmentation;
using Spectre.Console;

namespace Fcan.Client.Commands;

/// <summary>`fcan predict`: label maps (palette PNGs in the Cityscapes colours, values = train ids) for a folder of images.</summary>
public static class PredictCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "A checkpoint written by `fcan train`", HelpName = "URI", Required = true };
        var images = new Option<string>("--images") { Description = "Folder (or prefix) of PNG/JPEG images, searched recursively", HelpName = "URI", Required = true };
        var output = new Option<string>("--out") { Description = "Folder for the label maps: KEY.png per image", HelpName = "DIR", Required = true };
        var size = SizeOption.Create("Size the network sees (default: each image's own); maps keep the image's size");
        var device = DeviceOption.Create("cpu, cuda or cuda:N");
        var command = new Command("predict", "Writes label maps for a folder of images with a RAN checkpoint.") { checkpoint, images, output, size, device };
        CommandAction.Bind(command, globals, async (ctx, ct) =>
        {
            var inputSize = SizeOption.Read(ctx, size) is { } s ? (s.Width, s.Height) : ((int, int)?)null;
            if (inputSize is var (w, h) && SegmentationNetwork.SizeProblem(w, h) is { } problem) throw new UsageException($"--size {problem}");
            var engineDevice = DeviceOption.Read(ctx, device);
            var reader = TrainingData.OpenDataset("images", ctx.Value(images), "folder");
            var folder = Path.GetFullPath(ctx.Value(output));
            using var network = await new RanCheckpointStore(TrainingData.OpenStore("checkpoint", ctx.Value(checkpoint))).LoadNetworkAsync(engineDevice, ct);
            var predictor = new SegmentationPredictor(network);
            var written = new List<string>();
            await foreach (var item in reader.ListAsync(ct))
            {
                var loaded = await reader.LoadAsync(item, ct);
                var ids = predictor.Predict(loaded.Image, inputSize, loaded.Image.Width, loaded.Image.Height);
                var path = Path.Combine(folder, item.Key + ".png");
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllBytesAsync(path, CityscapesPalette.EncodePng(loaded.Image.Width, loaded.Image.Height, ids), ct);
                written.Add(path);
            }
            if (written.Count == 0) throw new OperationFailedException($"images {ctx.Value(images)}: no PNG or JPEG images");
            ctx.Output.Result(new { output = folder, maps = written.Count, files = written }, console => console.WriteLine($"wrote {written.Count} label maps to {folder}"));
            return FcanCli.Success;
        });
        return command;
    }
}
