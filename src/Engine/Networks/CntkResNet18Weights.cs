using Fcan.Engine.Onnx;
using static TorchSharp.torch;

namespace Fcan.Engine.Networks;

/// <summary>
/// Maps the CNTK ResNet-18 ONNX graph's anonymous weights (Parameter91, Constant98, ...) to torchvision names by
/// walking the graph: each Conv's weight and the BatchNormalization that consumes its output. The 7x7/3x3
/// convolutions appear in forward order (stem, then conv1/conv2 of each block); the 1x1 ones are the shortcuts of
/// stages 2-4, in order.
/// </summary>
internal static class CntkResNet18Weights
{
    public static Dictionary<string, Tensor> From(OnnxGraph graph, string file, int[] blocks)
    {
        var mainPath = new List<string> { "conv1|bn1" };
        var shortcuts = new List<string>();
        for (var stage = 0; stage < blocks.Length; stage++)
            for (var block = 0; block < blocks[stage]; block++)
            {
                var prefix = $"layer{stage + 1}.{block}";
                mainPath.Add($"{prefix}.conv1|{prefix}.bn1");
                mainPath.Add($"{prefix}.conv2|{prefix}.bn2");
                if (block == 0 && stage > 0) shortcuts.Add($"{prefix}.downsample.0|{prefix}.downsample.1");
            }

        var convs = graph.Nodes.Where(n => n.OpType == "Conv").ToList();
        var pointwise = convs.Where(c => Weight(graph, c, file).Dims[^1] == 1).ToList();
        var spatial = convs.Except(pointwise).ToList();
        if (spatial.Count != mainPath.Count || pointwise.Count != shortcuts.Count)
            throw new WeightsFileException(file,
                $"expected {mainPath.Count} spatial and {shortcuts.Count} 1x1 convolutions (CNTK ResNet-18), found {spatial.Count} and {pointwise.Count}");

        var weights = new Dictionary<string, Tensor>();
        foreach (var (conv, names) in spatial.Zip(mainPath).Concat(pointwise.Zip(shortcuts)))
        {
            var parts = names.Split('|');
            if (conv.Inputs.Count > 2)
                throw new WeightsFileException(file, $"convolution for '{parts[0]}' has a bias, which a ResNet with BatchNorm doesn't");
            weights[parts[0] + ".weight"] = ToTensor(Weight(graph, conv, file));
            var norm = graph.Nodes.FirstOrDefault(n => n.OpType == "BatchNormalization" && n.Inputs[0] == conv.Outputs[0])
                ?? throw new WeightsFileException(file, $"no BatchNormalization after the convolution for '{parts[0]}'");
            string[] fields = ["weight", "bias", "running_mean", "running_var"];
            for (var i = 0; i < fields.Length; i++)
                weights[$"{parts[1]}.{fields[i]}"] = ToTensor(Initializer(graph, norm.Inputs[i + 1], file));
        }
        return weights;
    }

    private static OnnxTensor Weight(OnnxGraph graph, OnnxNode conv, string file) => Initializer(graph, conv.Inputs[1], file);

    private static OnnxTensor Initializer(OnnxGraph graph, string name, string file) =>
        graph.Initializers.TryGetValue(name, out var tensor) && tensor.IsFloat
            ? tensor
            : throw new WeightsFileException(file, $"tensor '{name}' is missing or not float32");

    internal static Tensor ToTensor(OnnxTensor tensor) => TorchSharp.torch.tensor(tensor.Values, tensor.Dims);
}
