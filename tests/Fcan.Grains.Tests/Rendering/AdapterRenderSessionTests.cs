using Fcan.Data.Datasets;
using Fcan.Data.Imaging;
using Fcan.Data.Storage;
using Fcan.Data.Synthetic;
using Fcan.Engine.Adapter;
using Fcan.Engine.Colour;
using Fcan.Engine.Runtime;
using Fcan.Grains.Contracts;
using Fcan.Grains.Rendering;
using TorchSharp;
using static TorchSharp.torch;

namespace Fcan.Grains.Tests.Rendering;

/// <summary>A worker's lease batch through an adapter session: the items it is told come next are loaded and adapted
/// with the first one in one forward pass, and each comes out as it would alone.</summary>
public sealed class AdapterRenderSessionTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("fcan-adapter-session-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void The_items_named_next_are_adapted_with_the_first_in_one_pass_and_as_each_would_be_alone()
    {
        var dataset = SyntheticDataset.Generate(Path.Combine(folder, "data"),
            new SyntheticDatasetOptions { SourceImages = 3, TargetImages = 1, Width = 64, Height = 32 });
        var real = Directory.GetFiles(dataset.Target, "*_leftImg8bit.png", SearchOption.AllDirectories).Select(f => ImageCodec.DecodeRgb(File.ReadAllBytes(f), f));
        var file = AdapterFile(ColourMoments.Of(real));
        var settings = RenderSettings.Default with { Method = RenderMethod.Adapter, Adapter = "adapter", AdapterHash = TrainedAdapter.HashOf(file) };
        var spec = new JobSpec(dataset.Source, "gta5", "city", 1, settings, Path.Combine(folder, "out"));
        var pool = new PoolInfo("city", 1, new PoolDefinition([], null), "statistics", "hash", "resnet18", DateTimeOffset.UnixEpoch);
        string[] keys = ["00000", "00001", "00002"];

        var reader = new CountingReader(Reader(dataset.Source));
        var batched = new List<IReadOnlyList<RenderedMember>>();
        using (var session = new AdapterRenderSession(spec, pool, TrainedAdapter.Read(file, EngineDevice.Cpu), reader))
            for (var i = 0; i < keys.Length; i++)
            {
                // The worker's order: hash (and prefetch the next), name the rest, render.
                session.SourceSha256(keys[i], default);
                if (i + 1 < keys.Length) session.Prefetch(keys[i + 1], default);
                session.RenderNext(keys[(i + 1)..]);
                batched.Add(session.Render(keys[i], default));
                Assert.Equal(keys.Length, reader.Loads);
            }

        using var alone = new AdapterRenderSession(spec, pool, TrainedAdapter.Read(file, EngineDevice.Cpu), Reader(dataset.Source));
        for (var i = 0; i < keys.Length; i++)
        {
            var single = alone.Render(keys[i], default);
            Assert.Equal(single.Select(m => m.Suffix), batched[i].Select(m => m.Suffix));
            var (one, many) = (Png(single), Png(batched[i]));
            // One pass over three images or three passes over one: the same up to float rounding.
            Assert.All(one.Pixels.Zip(many.Pixels), pair => Assert.InRange(Math.Abs(pair.First - pair.Second), 0, 1));
            Assert.NotEqual(ImageCodec.DecodeRgb(File.ReadAllBytes(Path.Combine(dataset.Source, "images", keys[i] + ".png")), keys[i]).Pixels, one.Pixels);
        }
    }

    /// <summary>An adapter that changes images: the default preset's colour-matched start, and a new network's zero
    /// head moved by a seeded perturbation.</summary>
    private static byte[] AdapterFile(ColourMoments pool)
    {
        manual_seed(7);
        var defaults = new AdapterSettings();
        var settings = defaults with
        {
            Shape = new AdapterShape(Channels: 4, Downsamplings: 1, ResidualBlocks: 1),
            Loss = defaults.Loss with { Init = defaults.Loss.Init.WithColours(pool) },
        };
        using var network = new AdapterNetwork(settings.Shape);
        using (no_grad())
        {
            using Scalar small = 0.05;
            foreach (var parameter in network.parameters()) parameter.PlusInPlace(randn_like(parameter) * small);
        }
        return TrainedAdapter.Write(network, new AdapterDescription(settings, new AdapterOrigin("source", "city", 1, "hash", "resnet18"), 1));
    }

    private static IDatasetReader Reader(string source) => DatasetReaders.Open(BlobStores.Open(source), DatasetLayout.Gta5);

    private static RgbImage Png(IReadOnlyList<RenderedMember> members) => ImageCodec.DecodeRgb(members.Single(m => m.Suffix == "png").Content, "png");

    private sealed class CountingReader(IDatasetReader inner) : IDatasetReader
    {
        private int loads;

        public int Loads => Volatile.Read(ref loads);

        public IAsyncEnumerable<DatasetItem> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

        public Task<LoadedItem> LoadAsync(DatasetItem item, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref loads);
            return inner.LoadAsync(item, cancellationToken);
        }
    }
}
