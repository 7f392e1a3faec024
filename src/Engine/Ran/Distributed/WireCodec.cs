using System.Runtime.InteropServices;

namespace Fcan.Engine.Ran.Distributed;

/// <summary>Encodes float buffers for the wire (<see cref="WireFormat"/>), little-endian as every platform Fcan runs on.</summary>
public static class WireCodec
{
    public static int BytesPerValue(WireFormat format) => format == WireFormat.Fp32 ? sizeof(float) : sizeof(ushort);

    public static WireFormat Parse(string name) => name switch
    {
        "fp32" => WireFormat.Fp32,
        "bf16" => WireFormat.Bf16,
        _ => throw new ArgumentException($"wire format '{name}': expected fp32 or bf16"),
    };

    public static string NameOf(WireFormat format) => format == WireFormat.Fp32 ? "fp32" : "bf16";

    public static byte[] Encode(ReadOnlySpan<float> values, WireFormat format)
    {
        if (format == WireFormat.Fp32) return MemoryMarshal.AsBytes(values).ToArray();
        var payload = new byte[values.Length * sizeof(ushort)];
        var halves = MemoryMarshal.Cast<byte, ushort>(payload.AsSpan());
        for (var i = 0; i < values.Length; i++) halves[i] = ToBf16(values[i]);
        return payload;
    }

    /// <summary>Decodes <paramref name="payload"/> into <paramref name="into"/>, which it must fill exactly.</summary>
    public static void Decode(ReadOnlySpan<byte> payload, WireFormat format, Span<float> into)
    {
        if (payload.Length != into.Length * BytesPerValue(format))
            throw new InvalidDataException($"{NameOf(format)} payload of {payload.Length} bytes for {into.Length} values");
        if (format == WireFormat.Fp32)
        {
            MemoryMarshal.Cast<byte, float>(payload).CopyTo(into);
            return;
        }
        var halves = MemoryMarshal.Cast<byte, ushort>(payload);
        for (var i = 0; i < into.Length; i++) into[i] = BitConverter.UInt32BitsToSingle((uint)halves[i] << 16);
    }

    /// <summary>float32 to bfloat16, rounding to nearest with ties to even; NaN stays NaN (a quiet one).</summary>
    public static ushort ToBf16(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value)) return (ushort)((bits >> 16) | 0x0040);
        var roundingBias = 0x7FFFu + ((bits >> 16) & 1);
        return (ushort)((bits + roundingBias) >> 16);
    }
}
