using Fcan.Engine.Style;
using Fcan.Engine.Tests.Support;
using static TorchSharp.torch;

namespace Fcan.Engine.Tests.Style;

public class StyleStatisticsTests
{
    [Fact]
    public void MergedPoolsEqualThePoolOfAllImages()
    {
        using var network = TinyNetworks.Create(1, float64);
        var images = Enumerable.Range(0, 5).Select(i => TestImages.Smooth(i, i < 3 ? 64 : 96, 32)).ToList();

        var all = new StylePoolBuilder(network);
        foreach (var image in images) all.Add([image]);
        var first = new StylePoolBuilder(network);
        first.Add(images.Take(3).ToList()); // one batch of three same-size images
        var second = new StylePoolBuilder(network);
        second.Add([images[3]]);
        second.Add([images[4]]);
        var merged = first.Build().Merge(second.Build());

        Assert.Equal(5, merged.Count);
        for (var layer = 0; layer < 5; layer++)
        {
            var expected = all.Build().Mean(layer);
            var actual = merged.Mean(layer);
            var scale = expected.Max(Math.Abs);
            Assert.All(expected.Zip(actual), pair => Assert.True(Math.Abs(pair.First - pair.Second) <= 1e-12 * scale));
        }
        // Count-weighted: the merge isn't the plain average of the two pools' means.
        var unweighted = first.Build().Mean(0).Zip(second.Build().Mean(0), (a, b) => (a + b) / 2).ToArray();
        Assert.NotEqual(unweighted[0], merged.Mean(0)[0], 6);
    }

    [Fact]
    public void RoundTripsThroughItsBinaryFormat()
    {
        using var network = TinyNetworks.Create(2, float64);
        var builder = new StylePoolBuilder(network);
        builder.Add([TestImages.Smooth(1, 64, 64)]);
        builder.Add([TestImages.Smooth(2, 32, 64)]);
        var statistics = builder.Build();

        using var stream = new MemoryStream();
        statistics.WriteTo(stream);
        stream.Position = 0;
        var read = StyleStatistics.ReadFrom(stream);

        Assert.Equal(statistics.ContentHash, read.ContentHash);
        Assert.Equal((network.Id, network.Space.Id, 2L), (read.NetworkId, read.InputSpace, read.Count));
        Assert.Equal(network.TapChannels.Select(c => (int)c), read.Channels);
        for (var layer = 0; layer < 5; layer++) Assert.Equal(statistics.Mean(layer), read.Mean(layer));
        // Only the upper triangles are stored: about half of the matrices' bytes.
        var full = statistics.Channels.Sum(c => c * c) * 8;
        Assert.True(stream.Length < full * 0.8 + 200, $"{stream.Length} bytes for {full} bytes of matrices");
    }

    [Fact]
    public void RejectsCorruptAndTruncatedFiles()
    {
        using var network = TinyNetworks.Create(3, float64);
        var builder = new StylePoolBuilder(network);
        builder.Add([TestImages.Smooth(1, 32, 32)]);
        using var stream = new MemoryStream();
        builder.Build().WriteTo(stream);
        var bytes = stream.ToArray();

        var corrupt = (byte[])bytes.Clone();
        corrupt[^40] ^= 0x55;
        var error = Assert.Throws<StyleStatisticsFormatException>(() => StyleStatistics.ReadFrom(new MemoryStream(corrupt)));
        Assert.Contains("hash", error.Message);
        Assert.Throws<StyleStatisticsFormatException>(() => StyleStatistics.ReadFrom(new MemoryStream(bytes[..(bytes.Length / 2)])));
        Assert.Throws<StyleStatisticsFormatException>(() => StyleStatistics.ReadFrom(new MemoryStream("not a pool"u8.ToArray())));
    }

    [Theory]
    [InlineData(16, 8192)] // a billion Gram entries announced
    [InlineData(1, 4096)] // within the bound, but the file holds none of them
    public void A_crafted_header_is_refused_before_anything_is_allocated_for_it(int layers, int channels)
    {
        using var file = new MemoryStream();
        using (var writer = new BinaryWriter(file, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write("FCANSTYL".ToCharArray());
            writer.Write((ushort)1);
            writer.Write("network");
            writer.Write("space");
            writer.Write(1L);
            writer.Write(layers);
            for (var layer = 0; layer < layers; layer++) writer.Write(channels);
        }
        var bytes = file.ToArray();

        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<StyleStatisticsFormatException>(() => StyleStatistics.ReadFrom(new MemoryStream(bytes)));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 16 << 20, $"reading a {bytes.Length}-byte file allocated {allocated} bytes");
    }
}
