using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;
using Fcan.Data.Imaging;

namespace Fcan.Engine.Imaging;

/// <summary>NumPy .npy files holding one float32 RGB image [3,H,W] on the 0..255 scale (the parity format).</summary>
public static partial class NpyFormat
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Parses .npy bytes; <paramref name="item"/> names the file in errors.</summary>
    public static PlanarImage Read(ReadOnlySpan<byte> bytes, string item)
    {
        if (bytes.Length < 10 || !bytes[..6].SequenceEqual(Magic)) throw new ImageFormatException(item, "not a .npy file");
        var major = bytes[6];
        var headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]) : (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
        var start = major == 1 ? 10 : 12;
        if (bytes.Length < start + headerLength) throw new ImageFormatException(item, "truncated .npy header");
        var header = Encoding.ASCII.GetString(bytes.Slice(start, headerLength));
        var descr = DescrPattern().Match(header);
        if (!descr.Success || descr.Groups[1].Value != "<f4")
            throw new ImageFormatException(item, $"dtype {(descr.Success ? descr.Groups[1].Value : "?")} is not float32 ('<f4')");
        if (header.Contains("'fortran_order': True", StringComparison.Ordinal))
            throw new ImageFormatException(item, "Fortran-ordered arrays are not supported");
        var shapeMatch = ShapePattern().Match(header);
        var shape = shapeMatch.Success
            ? shapeMatch.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(long.Parse).ToArray()
            : [];
        if (shape.Length != 3 || shape[0] != 3)
            throw new ImageFormatException(item, $"shape ({string.Join(",", shape)}) is not [3,H,W] RGB");
        if (shape[1] <= 0 || shape[2] <= 0 || shape[1] * shape[2] > ImageCodec.MaxPixels)
            throw new ImageFormatException(item, $"size {shape[2]}x{shape[1]} is out of range");
        var count = 3 * shape[1] * shape[2];
        var data = bytes[(start + headerLength)..];
        if (data.Length != count * 4) throw new ImageFormatException(item, $"holds {data.Length} data bytes, the shape needs {count * 4}");
        var planes = new float[count];
        for (var i = 0; i < count; i++)
        {
            var value = BinaryPrimitives.ReadSingleLittleEndian(data[(i * 4)..]);
            if (!float.IsFinite(value)) throw new ImageFormatException(item, $"value {i} is {value} (NaN or infinity)");
            planes[i] = value;
        }
        return new PlanarImage((int)shape[2], (int)shape[1], planes);
    }

    public static byte[] Write(PlanarImage image)
    {
        var header = $"{{'descr': '<f4', 'fortran_order': False, 'shape': (3, {image.Height}, {image.Width}), }}";
        // Pad so the data starts on a 64-byte boundary, as NumPy does; the header ends with a newline.
        var total = 10 + header.Length + 1;
        header = header.PadRight(header.Length + (64 - total % 64) % 64) + "\n";
        var output = new byte[10 + header.Length + image.Planes.Length * 4];
        Magic.CopyTo(output, 0);
        output[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(output.AsSpan(8), (ushort)header.Length);
        Encoding.ASCII.GetBytes(header, output.AsSpan(10));
        var offset = 10 + header.Length;
        for (var i = 0; i < image.Planes.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(output.AsSpan(offset + i * 4), image.Planes[i]);
        return output;
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
