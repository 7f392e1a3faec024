namespace Fcan.Engine.Onnx;

/// <summary>An ONNX TensorProto; only float32 values (the type feature-network weights use) are decoded.</summary>
public sealed record OnnxTensor(string Name, long[] Dims, int DataType, float[] Values)
{
    public const int FloatType = 1;

    public bool IsFloat => DataType == FloatType;

    /// <summary>Parses a TensorProto: dims (1), data_type (2), float_data (4), name (8), raw_data (9).</summary>
    internal static OnnxTensor Parse(ReadOnlySpan<byte> bytes)
    {
        var reader = new ProtoReader(bytes);
        var name = "";
        var dims = new List<long>();
        var dataType = 0;
        var values = new List<float>();
        float[]? raw = null;
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadKey();
            switch (field, wire)
            {
                case (1, 0): dims.Add((long)reader.ReadVarint()); break;
                case (1, 2):
                    var packedDims = new ProtoReader(reader.ReadBytes());
                    while (!packedDims.AtEnd) dims.Add((long)packedDims.ReadVarint());
                    break;
                case (2, 0): dataType = (int)reader.ReadVarint(); break;
                case (4, 5): values.Add(reader.ReadFixed32Float()); break;
                case (4, 2):
                    var packed = reader.ReadBytes();
                    if (packed.Length % 4 != 0) throw new FormatException("float_data length is not a multiple of 4");
                    values.AddRange(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(packed).ToArray());
                    break;
                case (8, 2): name = reader.ReadString(); break;
                case (9, 2):
                    var bytesRaw = reader.ReadBytes();
                    if (bytesRaw.Length % 4 != 0) throw new FormatException("raw_data length is not a multiple of 4");
                    raw = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytesRaw).ToArray();
                    break;
                case (14, 0) when reader.ReadVarint() != 0:
                    throw new FormatException($"tensor '{name}' stores its data in an external file, which is not supported");
                case (14, 0): break;
                default: reader.Skip(wire); break;
            }
        }
        if (dataType != FloatType) return new OnnxTensor(name, dims.ToArray(), dataType, []);
        var data = raw ?? values.ToArray();
        var expected = dims.Aggregate(1L, (a, d) => a * d);
        if (data.Length != expected)
            throw new FormatException($"tensor '{name}' holds {data.Length} values but its dims [{string.Join(",", dims)}] need {expected}");
        return new OnnxTensor(name, dims.ToArray(), dataType, data);
    }
}
