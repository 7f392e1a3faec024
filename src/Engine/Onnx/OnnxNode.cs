namespace Fcan.Engine.Onnx;

/// <summary>An ONNX NodeProto: its operator, inputs, outputs, integer-list attributes and tensor attributes.</summary>
public sealed record OnnxNode(
    string OpType,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs,
    IReadOnlyDictionary<string, long[]> IntAttributes,
    IReadOnlyDictionary<string, OnnxTensor> TensorAttributes)
{
    /// <summary>Parses a NodeProto: input (1), output (2), op_type (4), attribute (5).</summary>
    internal static OnnxNode Parse(ReadOnlySpan<byte> bytes)
    {
        var reader = new ProtoReader(bytes);
        var inputs = new List<string>();
        var outputs = new List<string>();
        var opType = "";
        var ints = new Dictionary<string, long[]>();
        var tensors = new Dictionary<string, OnnxTensor>();
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadKey();
            switch (field, wire)
            {
                case (1, 2): inputs.Add(reader.ReadString()); break;
                case (2, 2): outputs.Add(reader.ReadString()); break;
                case (4, 2): opType = reader.ReadString(); break;
                case (5, 2): ParseAttribute(reader.ReadBytes(), ints, tensors); break;
                default: reader.Skip(wire); break;
            }
        }
        return new OnnxNode(opType, inputs, outputs, ints, tensors);
    }

    /// <summary>AttributeProto: name (1), i (3), t (5), ints (8); float and string attributes are not needed.</summary>
    private static void ParseAttribute(ReadOnlySpan<byte> bytes, Dictionary<string, long[]> ints, Dictionary<string, OnnxTensor> tensors)
    {
        var reader = new ProtoReader(bytes);
        var name = "";
        var values = new List<long>();
        OnnxTensor? tensor = null;
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadKey();
            switch (field, wire)
            {
                case (1, 2): name = reader.ReadString(); break;
                case (3, 0): values.Add((long)reader.ReadVarint()); break;
                case (5, 2): tensor = OnnxTensor.Parse(reader.ReadBytes()); break;
                case (8, 0): values.Add((long)reader.ReadVarint()); break;
                case (8, 2):
                    var packed = new ProtoReader(reader.ReadBytes());
                    while (!packed.AtEnd) values.Add((long)packed.ReadVarint());
                    break;
                default: reader.Skip(wire); break;
            }
        }
        if (tensor != null) tensors[name] = tensor;
        else if (values.Count > 0) ints[name] = values.ToArray();
    }
}
