using Fcan.Engine.Ran.Distributed;

namespace Fcan.Engine.Tests.Ran.Distributed;

public sealed class WireCodecTests
{
    [Fact]
    public void Fp32_round_trips_exactly()
    {
        float[] values = [0f, -1.5f, float.Epsilon, 3.4028235e38f, 1e-7f, float.NegativeInfinity];
        var decoded = new float[values.Length];
        var payload = WireCodec.Encode(values, WireFormat.Fp32);
        WireCodec.Decode(payload, WireFormat.Fp32, decoded);
        Assert.Equal(values.Length * 4, payload.Length);
        Assert.Equal(values, decoded);
    }

    [Theory]
    [InlineData(0x3F800000u, (ushort)0x3F80)] // 1.0: exact
    [InlineData(0x3F808000u, (ushort)0x3F80)] // halfway, even below: stays
    [InlineData(0x3F818000u, (ushort)0x3F82)] // halfway, odd below: rounds up to even
    [InlineData(0x3F808001u, (ushort)0x3F81)] // just above halfway: up
    [InlineData(0x3F807FFFu, (ushort)0x3F80)] // just below halfway: down
    [InlineData(0x7F7FFFFFu, (ushort)0x7F80)] // float.MaxValue rounds to infinity, as round-to-nearest must
    [InlineData(0xFF800000u, (ushort)0xFF80)] // -infinity
    public void Bf16_rounds_to_nearest_even(uint floatBits, ushort expected) =>
        Assert.Equal(expected, WireCodec.ToBf16(BitConverter.UInt32BitsToSingle(floatBits)));

    [Fact]
    public void Bf16_halves_the_bytes_keeps_three_digits_and_keeps_NaN()
    {
        float[] values = [3.14159265f, -2.7182818f, 1e-20f, float.NaN];
        var payload = WireCodec.Encode(values, WireFormat.Bf16);
        var decoded = new float[values.Length];
        WireCodec.Decode(payload, WireFormat.Bf16, decoded);
        Assert.Equal(values.Length * 2, payload.Length);
        for (var i = 0; i < 3; i++) Assert.InRange(Math.Abs(decoded[i] / values[i] - 1), 0, 1.0 / 256);
        Assert.True(float.IsNaN(decoded[3]));
    }

    [Fact]
    public void A_payload_of_the_wrong_length_is_refused() =>
        Assert.Throws<InvalidDataException>(() => WireCodec.Decode(new byte[6], WireFormat.Fp32, new float[2]));
}
