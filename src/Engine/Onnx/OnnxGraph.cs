namespace Fcan.Engine.Onnx;

/// <summary>
/// The parts of an ONNX model a feature network is built from: its float initializers (including the values of
/// Constant nodes, where some CNTK exports keep BatchNorm statistics) and its nodes in file order.
/// </summary>
public sealed class OnnxGraph
{
    private OnnxGraph(IReadOnlyDictionary<string, OnnxTensor> initializers, IReadOnlyList<OnnxNode> nodes)
    {
        Initializers = initializers;
        Nodes = nodes;
    }

    public IReadOnlyDictionary<string, OnnxTensor> Initializers { get; }

    public IReadOnlyList<OnnxNode> Nodes { get; }

    /// <summary>Reads a model file; throws <see cref="FormatException"/> when it is not a readable ONNX model.</summary>
    public static OnnxGraph Load(string path) => Parse(File.ReadAllBytes(path));

    /// <summary>ModelProto.graph (7) -> GraphProto: node (1), initializer (5).</summary>
    public static OnnxGraph Parse(ReadOnlySpan<byte> model)
    {
        var reader = new ProtoReader(model);
        OnnxGraph? graph = null;
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadKey();
            if (field == 7 && wire == 2) graph = ParseGraph(reader.ReadBytes());
            else reader.Skip(wire);
        }
        return graph ?? throw new FormatException("no graph in the model (not an ONNX file?)");
    }

    private static OnnxGraph ParseGraph(ReadOnlySpan<byte> bytes)
    {
        var reader = new ProtoReader(bytes);
        var initializers = new Dictionary<string, OnnxTensor>();
        var nodes = new List<OnnxNode>();
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadKey();
            switch (field, wire)
            {
                case (1, 2): nodes.Add(OnnxNode.Parse(reader.ReadBytes())); break;
                case (5, 2):
                    var tensor = OnnxTensor.Parse(reader.ReadBytes());
                    initializers[tensor.Name] = tensor;
                    break;
                default: reader.Skip(wire); break;
            }
        }
        foreach (var constant in nodes.Where(n => n.OpType == "Constant" && n.TensorAttributes.ContainsKey("value")))
            initializers[constant.Outputs[0]] = constant.TensorAttributes["value"] with { Name = constant.Outputs[0] };
        return new OnnxGraph(initializers, nodes.Where(n => n.OpType != "Constant").ToList());
    }
}
