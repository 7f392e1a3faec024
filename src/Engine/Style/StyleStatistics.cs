using System.Security.Cryptography;
using Fcan.Engine.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Fcan.Engine.Style;

/// <summary>
/// A target-style pool's statistics: per tap layer the mean over its images of G/(H*W) (../shared/spec/aan.md),
/// with the image count, the network id and its input space. Immutable: <see cref="Add"/> and <see cref="Merge"/>
/// return new statistics. Sums are kept in float64 so merging pools is exact up to double rounding (count-weighted
/// by construction) and the order images arrive in hardly matters.
/// </summary>
public sealed class StyleStatistics
{
    private const string Magic = "FCANSTYL";
    private const ushort FormatVersion = 1;

    private readonly double[][] sums;

    private StyleStatistics(string networkId, string inputSpace, long count, double[][] sums, int[] channels)
    {
        NetworkId = networkId;
        InputSpace = inputSpace;
        Count = count;
        this.sums = sums;
        Channels = channels;
        ContentHash = Convert.ToHexStringLower(SHA256.HashData(Body()));
    }

    public string NetworkId { get; }

    /// <summary>The preprocessing the network's input used (<see cref="Networks.InputSpace.Id"/>).</summary>
    public string InputSpace { get; }

    public long Count { get; }

    /// <summary>Channels per tap layer (each layer's matrix is Channels x Channels).</summary>
    public IReadOnlyList<int> Channels { get; }

    /// <summary>SHA-256 (hex) of the serialised content: equal statistics have equal hashes on every machine.</summary>
    public string ContentHash { get; }

    public static StyleStatistics Empty(string networkId, string inputSpace, IReadOnlyList<int> channels) =>
        new(networkId, inputSpace, 0, channels.Select(c => new double[c * c]).ToArray(), channels.ToArray());

    /// <summary>Adds images: per layer a [N,C,C] tensor of G/(H*W) for N images.</summary>
    public StyleStatistics Add(IReadOnlyList<Tensor> normalisedGrams)
    {
        if (normalisedGrams.Count != Channels.Count)
            throw new ArgumentException($"expected {Channels.Count} layers, got {normalisedGrams.Count}", nameof(normalisedGrams));
        var images = normalisedGrams[0].shape[0];
        var next = new double[sums.Length][];
        for (var layer = 0; layer < sums.Length; layer++)
        {
            var grams = normalisedGrams[layer];
            if (grams.shape.Length != 3 || grams.shape[0] != images || grams.shape[1] != Channels[layer] || grams.shape[2] != Channels[layer])
                throw new ArgumentException($"layer {layer}: expected [{images},{Channels[layer]},{Channels[layer]}], got [{string.Join(",", grams.shape)}]");
            using var scope = NewDisposeScope();
            // Symmetrised in float64 so the stored upper triangle is the whole matrix exactly.
            var exact = grams.detach().to(float64, CPU);
            using Scalar two = 2;
            var total = (exact.Plus(exact.transpose(1, 2)) / two).sum([0L]).contiguous();
            var added = total.data<double>().ToArray();
            next[layer] = sums[layer].Zip(added, (a, b) => a + b).ToArray();
        }
        return new StyleStatistics(NetworkId, InputSpace, Count + images, next, Channels.ToArray());
    }

    /// <summary>The statistics of both pools' images together (count-weighted means).</summary>
    public StyleStatistics Merge(StyleStatistics other)
    {
        if (other.NetworkId != NetworkId || other.InputSpace != InputSpace || !other.Channels.SequenceEqual(Channels))
            throw new ArgumentException($"can't merge statistics of {other.NetworkId}/{other.InputSpace} into {NetworkId}/{InputSpace}", nameof(other));
        var merged = sums.Zip(other.sums, (a, b) => a.Zip(b, (x, y) => x + y).ToArray()).ToArray();
        return new StyleStatistics(NetworkId, InputSpace, Count + other.Count, merged, Channels.ToArray());
    }

    /// <summary>Mean of G/(H*W) over the pool for one layer, row-major C x C.</summary>
    public double[] Mean(int layer)
    {
        if (Count == 0) throw new InvalidOperationException("the pool has no images");
        return sums[layer].Select(s => s / Count).ToArray();
    }

    /// <summary>The render target Gbar^l = mean(G/(H W)) * (H_l W_l of the render) as [C,C].</summary>
    public Tensor TargetGram(int layer, long renderPositions, ScalarType dtype, Device device)
    {
        using var mean = tensor(Mean(layer), [Channels[layer], Channels[layer]], float64);
        using Scalar positions = renderPositions;
        using var scaled = mean * positions;
        return scaled.to(dtype, device);
    }

    /// <summary>Compact versioned binary: header, then each layer's upper triangle in float64, then the hash.</summary>
    public void WriteTo(Stream stream)
    {
        var body = Body();
        stream.Write(body);
        stream.Write(SHA256.HashData(body));
    }

    /// <summary>The most Gram matrix entries a file may announce: ResNet-50's taps need 5.6 million.</summary>
    public const long MaxElements = 1L << 24;

    public static StyleStatistics ReadFrom(Stream stream)
    {
        try
        {
            using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            if (new string(reader.ReadChars(Magic.Length)) != Magic) throw new StyleStatisticsFormatException("not a style statistics file");
            var version = reader.ReadUInt16();
            if (version != FormatVersion) throw new StyleStatisticsFormatException($"format version {version}; this build reads {FormatVersion}");
            var networkId = reader.ReadString();
            var inputSpace = reader.ReadString();
            var count = reader.ReadInt64();
            var layers = reader.ReadInt32();
            if (count < 0 || layers is < 1 or > 16) throw new StyleStatisticsFormatException($"implausible header (count {count}, layers {layers})");
            var channels = new int[layers];
            for (var i = 0; i < layers; i++)
            {
                channels[i] = reader.ReadInt32();
                if (channels[i] is < 1 or > 8192) throw new StyleStatisticsFormatException($"layer {i} has {channels[i]} channels");
            }
            // What the header announces is checked before anything is allocated for it: a crafted file must not
            // make the silo allocate gigabytes. Each layer stores its upper triangle.
            var elements = channels.Sum(c => (long)c * c);
            var stored = channels.Sum(c => (long)c * (c + 1) / 2 * sizeof(double));
            if (elements > MaxElements)
                throw new StyleStatisticsFormatException($"implausible header ({elements} Gram entries, at most {MaxElements})");
            if (stream.CanSeek && stream.Length - stream.Position < stored)
                throw new StyleStatisticsFormatException("truncated style statistics");
            var sums = channels.Select(c => ReadSymmetric(reader, c)).ToArray();
            var statistics = new StyleStatistics(networkId, inputSpace, count, sums, channels);
            var hash = Convert.ToHexStringLower(reader.ReadBytes(32));
            if (hash != statistics.ContentHash) throw new StyleStatisticsFormatException("content hash mismatch (corrupt file)");
            return statistics;
        }
        catch (EndOfStreamException)
        {
            throw new StyleStatisticsFormatException("truncated style statistics");
        }
    }

    private byte[] Body()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic.ToCharArray());
            writer.Write(FormatVersion);
            writer.Write(NetworkId);
            writer.Write(InputSpace);
            writer.Write(Count);
            writer.Write(Channels.Count);
            foreach (var c in Channels) writer.Write(c);
            for (var layer = 0; layer < sums.Length; layer++)
            {
                var c = Channels[layer];
                for (var row = 0; row < c; row++)
                    for (var column = row; column < c; column++)
                        writer.Write(sums[layer][row * c + column]);
            }
        }
        return buffer.ToArray();
    }

    private static double[] ReadSymmetric(BinaryReader reader, int c)
    {
        var matrix = new double[c * c];
        for (var row = 0; row < c; row++)
            for (var column = row; column < c; column++)
                matrix[row * c + column] = matrix[column * c + row] = reader.ReadDouble();
        return matrix;
    }
}
