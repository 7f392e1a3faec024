using System.Buffers.Binary;

namespace Fcan.Testing.Images;

/// <summary>
/// A baseline JPEG with four components (CMYK, with Adobe's APP14 marker as Photoshop writes it), which common
/// encoders (SkiaSharp's included) can't produce. The image is one flat colour, so every 8x8 block is its DC
/// coefficient alone: a DC difference and an end-of-block per block, with the standard DC Huffman table and an AC
/// table holding only end-of-block.
/// </summary>
public static class CmykJpeg
{
    // The standard luminance DC table (ITU T.81 K.3): code lengths per category 0..11, codes in canonical order.
    private static readonly byte[] DcLengths = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
    private static readonly (int Code, int Length)[] DcCodes =
        [(0b00, 2), (0b010, 3), (0b011, 3), (0b100, 3), (0b101, 3), (0b110, 3), (0b1110, 4), (0b11110, 5),
         (0b111110, 6), (0b1111110, 7), (0b11111110, 8), (0b111111110, 9)];

    /// <summary>A <paramref name="width"/> x <paramref name="height"/> image (multiples of 8) of one CMYK colour.</summary>
    public static byte[] Flat(int width, int height, byte c, byte m, byte y, byte k)
    {
        if (width % 8 != 0 || height % 8 != 0) throw new ArgumentException("width and height must be multiples of 8");
        using var jpeg = new MemoryStream();
        jpeg.Write([0xFF, 0xD8]);
        Segment(jpeg, 0xEE, [(byte)'A', (byte)'d', (byte)'o', (byte)'b', (byte)'e', 0, 100, 0, 0, 0, 0, 0]); // transform 0: CMYK
        Segment(jpeg, 0xDB, [0, .. Enumerable.Repeat((byte)1, 64)]);
        var frame = new byte[6 + 12];
        frame[0] = 8;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(1), (ushort)height);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(3), (ushort)width);
        frame[5] = 4;
        for (var i = 0; i < 4; i++) (frame[6 + 3 * i], frame[7 + 3 * i], frame[8 + 3 * i]) = ((byte)(i + 1), 0x11, 0);
        Segment(jpeg, 0xC0, frame);
        Segment(jpeg, 0xC4, [0x00, .. DcLengths, .. Enumerable.Range(0, 12).Select(i => (byte)i)]);
        Segment(jpeg, 0xC4, [0x10, 1, .. new byte[15], 0x00]); // AC: one 1-bit code, end-of-block
        var scan = new byte[1 + 8 + 3];
        scan[0] = 4;
        for (var i = 0; i < 4; i++) (scan[1 + 2 * i], scan[2 + 2 * i]) = ((byte)(i + 1), 0x00);
        (scan[9], scan[10], scan[11]) = (0, 63, 0);
        Segment(jpeg, 0xDA, scan);
        jpeg.Write(Entropy(width / 8 * (height / 8), [c, m, y, k]));
        jpeg.Write([0xFF, 0xD9]);
        return jpeg.ToArray();
    }

    private static byte[] Entropy(int blocks, byte[] values)
    {
        var bits = new BitWriter();
        for (var block = 0; block < blocks; block++)
            foreach (var value in values)
            {
                // Level shift and the DC gain of the DCT (8 for a flat block); only the first block has a difference.
                var difference = block == 0 ? (value - 128) * 8 : 0;
                var magnitude = Math.Abs(difference);
                var category = magnitude == 0 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)magnitude);
                bits.Write(DcCodes[category].Code, DcCodes[category].Length);
                if (category > 0) bits.Write(difference > 0 ? difference : difference - 1 + (1 << category), category);
                bits.Write(0, 1); // end of block
            }
        return bits.ToArray();
    }

    private static void Segment(Stream jpeg, byte marker, byte[] data)
    {
        jpeg.Write([0xFF, marker, (byte)((data.Length + 2) >> 8), (byte)(data.Length + 2)]);
        jpeg.Write(data);
    }

    /// <summary>MSB-first bits with JPEG's byte stuffing (0xFF is followed by 0x00) and 1-bit padding at the end.</summary>
    private sealed class BitWriter
    {
        private readonly MemoryStream bytes = new();
        private int current;
        private int count;

        public void Write(int value, int length)
        {
            for (var i = length - 1; i >= 0; i--)
            {
                current = (current << 1) | ((value >> i) & 1);
                if (++count < 8) continue;
                bytes.WriteByte((byte)current);
                if (current == 0xFF) bytes.WriteByte(0);
                (current, count) = (0, 0);
            }
        }

        public byte[] ToArray()
        {
            if (count > 0) Write((1 << (8 - count)) - 1, 8 - count);
            return bytes.ToArray();
        }
    }
}
