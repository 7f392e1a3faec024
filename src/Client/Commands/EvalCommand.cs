using System.CommandLine;
using System.Text.Json.Serialization;
using Fcan.Client.Cli;
using Fcan.Client.Training;
using Fcan.Client.Views;
using Fcan.Data.Datasets;
using Fcan.Engine.Ran.Checkpoints;
using Fcan.Engine.Segmentation;

namespace Fcan.Client.Commands;

/// <summary>`fcan eval`: a checkpoint's per-class IoU and mIoU on a labeled dataset, in this process.</summary>
public static class EvalCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "A checkpoint written by `fcan train`", HelpName = "URI", Required = true };
        var dataset = new Option<string>("--dataset") { Description = "Labeled dataset to evaluate on", HelpName = "URI", Required = true };
        var layout = new Option<string>("--layout") { Description = "How the dataset is laid out", DefaultValueFactory = _ => "cityscapes" }.AcceptOnlyFromAmong(TrainingData.Layouts);
        var size = SizeOption.Create("Size the network sees (default: each image's own); predictions are upsampled to the labels");
        var device = DeviceOption.Create("cpu, cuda or cuda:N");
        var command = new Command("eval", "Evaluates a RAN checkpoint: per-class IoU and mIoU on a labeled dataset.") { checkpoint, dataset, layout, size, device };
        CommandAction.Bind(command, globals, async (ctx, ct) =>
        {
            var inputSize = SizeOption.Read(ctx, size) is { } s ? (s.Width, s.Height) : ((int, int)?)null;
            if (inputSize is var (w, h) && SegmentationNetwork.SizeProblem(w, h) is { } problem) throw new UsageException($"--size {problem}");
            var engineDevice = DeviceOption.Read(ctx, device);
            var reader = TrainingData.OpenDataset("dataset", ctx.Value(dataset), ctx.Value(layout));
            var store = TrainingData.OpenStore("checkpoint", ctx.Value(checkpoint));
            var checkpoints = new RanCheckpointStore(store);
            using var network = await checkpoints.LoadNetworkAsync(engineDevice, ct);
            var images = 0;
            var matrix = await new SegmentationEvaluator(new SegmentationPredictor(network))
                .EvaluateAsync(reader, store.Location, inputSize, (done, _) => images = done, ct);
            var iou = matrix.IoU();
            var result = new EvalResult(store.Location, StorageLocationOf(ctx.Value(dataset)), images, inputSize is var (iw, ih) ? $"{iw}x{ih}" : null,
                network.BackboneId,
                CityscapesLabels.Classes.Select((c, i) => new ClassIoU(c.Name, double.IsNaN(iou[i]) ? null : iou[i])).ToList(),
                Nullable(matrix.MeanIoU()), Nullable(matrix.PixelAccuracy()));
            ctx.Output.Result(result, console => console.Write(EvalViews.Table(result.Classes.Select(c => (c.Name, c.IoU)), result.MeanIoU, result.PixelAccuracy, images)));
            return FcanCli.Success;
        });
        return command;
    }

    private static string StorageLocationOf(string location) => Connection.StorageLocation.Normalize(location);

    private static double? Nullable(double value) => double.IsNaN(value) ? null : value;

    private sealed record ClassIoU(string Name, [property: JsonPropertyName("iou")] double? IoU);

    private sealed record EvalResult(string Checkpoint, string Dataset, int Images, string? Size, string Backbone,
        IReadOnlyList<ClassIoU> Classes, double? MeanIoU, double? PixelAccuracy);
}
