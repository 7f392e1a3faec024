using System.Buffers.Binary;

namespace Fcan.Engine.Onnx;

/// <summary>
/// Reads the protobuf wire format (varints, fixed 32/64-bit and length-delimited fields), just enough for the ONNX
/// messages the loader needs. Throws <see cref="FormatException"/> on truncated or malformed data.
/// </summary>
internal ref struct ProtoReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> data = data;
    private int position;

    public readonly bool AtEnd => position >= data.Length;

    /// <summary>Reads the next field key: its number and wire type.</summary>
    public (int Field, int WireType) ReadKey()
    {
        var key = ReadVarint();
        return ((int)(key >> 3), (int)(key & 7));
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= data.Length) throw new FormatException("truncated varint");
            var b = data[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw new FormatException("varint longer than 10 bytes");
    }

    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = ReadVarint();
        if (length > (ulong)(data.Length - position)) throw new FormatException("field runs past the end of the data");
        var slice = data.Slice(position, (int)length);
        position += (int)length;
        return slice;
    }

    public string ReadString() => System.Text.Encoding.UTF8.GetString(ReadBytes());

    public float ReadFixed32Float() => BitConverter.Int32BitsToSingle((int)ReadFixed(4));

    /// <summary>Skips a field of the given wire type.</summary>
    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case 0: ReadVarint(); break;
            case 1: ReadFixed(8); break;
            case 2: ReadBytes(); break;
            case 5: ReadFixed(4); break;
            default: throw new FormatException($"unsupported wire type {wireType}");
        }
    }

    private ulong ReadFixed(int size)
    {
        if (data.Length - position < size) throw new FormatException("truncated fixed-size field");
        var value = size == 4
            ? BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(position, 4))
            : BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(position, 8));
        position += size;
        return value;
    }
}
