// usage: Fcan.Bench.Adapter [CHANNELS,DOWNSAMPLINGS,BLOCKS ...]   (default 16,2,3)
// For each adapter shape and each size: milliseconds per image of the adapter's forward pass (batch 1 and 4) and, as
// the baseline of the same run, of one AAN iteration of the default preset's network: ResNet-18's forward and backward
// to its input. The default preset runs 100 such iterations per image.
using System.Diagnostics;
using Fcan.Engine.Adapter;
using Fcan.Engine.Networks;
using Fcan.Engine.Runtime;
using TorchSharp;
using static TorchSharp.torch;

const int Repeats = 3;
(int Width, int Height)[] sizes = [(256, 128), (512, 256), (1024, 512)];
var shapes = (args.Length > 0 ? args : ["16,2,3"]).Select(arg => arg.Split(',').Select(int.Parse).ToArray())
    .Select(p => new AdapterShape(p[0], p[1], p[2])).ToList();

TorchRuntime.EnsureCpu();
Console.WriteLine($"threads {get_num_threads()}");
using var resnet = FeatureNetworks.LoadResNet18(EngineDevice.Cpu);
foreach (var (width, height) in sizes)
    Console.WriteLine($"AAN iteration (ResNet-18 forward+backward) {width}x{height}: {Time(1, () =>
    {
        using Scalar white = 255;
        var image = (rand(1, 3, height, width) * white).requires_grad_();
        var taps = resnet.Forward(resnet.Space.FromRgb(image));
        taps.Select(t => t.Squared().mean()).Aggregate((a, b) => a.Plus(b)).backward();
    }):F0} ms/image");
foreach (var shape in shapes)
{
    using var adapter = new AdapterNetwork(shape);
    adapter.eval();
    foreach (var (width, height) in sizes)
        foreach (var batch in new[] { 1, 4 })
        {
            var ms = Time(batch, () =>
            {
                using var noGrad = no_grad();
                using Scalar white = 255;
                adapter.forward(rand(batch, 3, height, width) * white);
            });
            Console.WriteLine($"adapter {shape.Channels},{shape.Downsamplings},{shape.ResidualBlocks} {width}x{height} batch {batch}: {ms:F0} ms/image");
        }
}

// Milliseconds per image of a step over `batch` images, after one warm-up step.
static double Time(int batch, Action step)
{
    using (NewDisposeScope()) step();
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < Repeats; i++)
    {
        using var scope = NewDisposeScope();
        step();
    }
    return clock.Elapsed.TotalMilliseconds / Repeats / batch;
}
