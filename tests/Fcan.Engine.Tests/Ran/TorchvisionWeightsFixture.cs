using Fcan.Engine.Runtime;
using Fcan.Engine.Segmentation;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Fcan.Engine.Tests.Ran;

/// <summary>
/// A torchvision ResNet state dict (the keys of torchvision.models.resnet50/101, classifier 'fc.*' included) with
/// random, well-scaled values: what users pass to --weights. Written once per test class as .safetensors (and as .pt
/// on first use); <see cref="Network"/> is the segmentation network loaded from the .safetensors file on first use.
/// The keys are spelled out here from torchvision's layout, not taken from the network under test.
/// </summary>
public abstract class TorchvisionWeightsFixture : IDisposable
{
    public static readonly int[] ResNet50Blocks = [3, 4, 6, 3];
    public static readonly int[] ResNet101Blocks = [3, 4, 23, 3];

    private readonly Lazy<string> pt;
    private readonly Lazy<SegmentationNetwork> network;

    protected TorchvisionWeightsFixture(SegmentationBackbone backbone, int[] blocks, ulong seed)
    {
        TorchRuntime.EnsureCpu();
        Weights = Random(blocks, seed);
        Write(Weights, Safetensors);
        pt = new(() =>
        {
            var file = Path.Combine(Folder, "weights.pt");
            Write(Weights, file);
            return file;
        });
        network = new(() => SegmentationNetworks.Pretrained(backbone, Safetensors, EngineDevice.Cpu));
    }

    public string Folder { get; } = Directory.CreateTempSubdirectory("fcan-torchvision-").FullName;

    public Dictionary<string, Tensor> Weights { get; }

    public string Safetensors => Path.Combine(Folder, "weights.safetensors");

    /// <summary>The same weights as torch.save writes them (PyBridge's pickler).</summary>
    public string Pt => pt.Value;

    public SegmentationNetwork Network => network.Value;

    /// <summary>BatchNorm statistics and affine values are random too, so a tensor that isn't loaded shows.</summary>
    public static Dictionary<string, Tensor> Random(int[] blocks, ulong seed)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(seed);
        var weights = new Dictionary<string, Tensor>();
        Tensor Uniform(long[] shape, double low, double high) => empty(shape).uniform_(low, high, generator).DetachFromDisposeScope();
        // Variance 1/fan-in keeps the activations of 33 residual blocks in a sane range.
        void Conv(string name, long output, long input, long kernel)
        {
            var bound = Math.Sqrt(3.0 / (input * kernel * kernel));
            weights[name] = Uniform([output, input, kernel, kernel], -bound, bound);
        }
        void Norm(string name, long channels)
        {
            weights[$"{name}.weight"] = Uniform([channels], 0.5, 1);
            weights[$"{name}.bias"] = Uniform([channels], -0.1, 0.1);
            weights[$"{name}.running_mean"] = Uniform([channels], -0.1, 0.1);
            weights[$"{name}.running_var"] = Uniform([channels], 0.75, 1.25);
            weights[$"{name}.num_batches_tracked"] = tensor(0L).DetachFromDisposeScope();
        }
        Conv("conv1.weight", 64, 3, 7);
        Norm("bn1", 64);
        long inChannels = 64;
        for (var stage = 0; stage < 4; stage++)
        {
            var width = 64L << stage;
            for (var block = 0; block < blocks[stage]; block++)
            {
                var name = $"layer{stage + 1}.{block}";
                Conv($"{name}.conv1.weight", width, inChannels, 1);
                Norm($"{name}.bn1", width);
                Conv($"{name}.conv2.weight", width, width, 3);
                Norm($"{name}.bn2", width);
                Conv($"{name}.conv3.weight", width * 4, width, 1);
                Norm($"{name}.bn3", width * 4);
                if (block == 0)
                {
                    Conv($"{name}.downsample.0.weight", width * 4, inChannels, 1);
                    Norm($"{name}.downsample.1", width * 4);
                }
                inChannels = width * 4;
            }
        }
        weights["fc.weight"] = Uniform([1000, inChannels], -0.01, 0.01);
        weights["fc.bias"] = zeros(1000).DetachFromDisposeScope();
        return weights;
    }

    /// <summary>Writes a state dict the way torch.save (.pt) or safetensors (.safetensors) would.</summary>
    public static void Write(Dictionary<string, Tensor> weights, string file)
    {
        if (file.EndsWith(".pt", StringComparison.Ordinal)) PyTorchPickler.PickleStateDict(file, weights);
        else TorchSharp.PyBridge.Safetensors.SaveStateDict(file, weights);
    }

    public void Dispose()
    {
        if (network.IsValueCreated) network.Value.Dispose();
        foreach (var tensor in Weights.Values) tensor.Dispose();
        Directory.Delete(Folder, recursive: true);
        GC.SuppressFinalize(this);
    }
}
