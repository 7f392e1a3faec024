using Fcan.Data.Datasets;
using Fcan.Data.Storage;
using Fcan.Data.Synthetic;
using Fcan.Engine.Aan;
using Fcan.Engine.Adapter;
using Fcan.Engine.Colour;
using Fcan.Engine.Networks;
using Fcan.Engine.Ran.Samples;
using Fcan.Engine.Style;
using Fcan.Engine.Tests.Support;
using static TorchSharp.torch;

namespace Fcan.Engine.Tests.Adapter;

/// <summary>A tiny adapter and feature network on the synthetic mini dataset at 64x32: adapter training in seconds.
/// The style is the real half's, the crops come from the game half.</summary>
public sealed class TinyAdapter : IDisposable
{
    public TinyAdapter()
    {
        Features = TinyNetworks.Create(seed: 3, float32);
        var folders = SyntheticDataset.Generate(Folder, new SyntheticDatasetOptions { SourceImages = 4, TargetImages = 4, Width = 64, Height = 32 });
        Source = DatasetSampleSource.OpenAsync(folders.Source, DatasetReaders.Open(BlobStores.Open(folders.Source), DatasetLayout.Gta5), default).GetAwaiter().GetResult();
        var target = DatasetSampleSource.OpenAsync(folders.Target, DatasetReaders.Open(BlobStores.Open(folders.Target), DatasetLayout.Cityscapes), default).GetAwaiter().GetResult();
        var pool = new StylePoolBuilder(Features);
        var images = Enumerable.Range(0, target.Count).Select(i => target.Load(i, default).Image).ToList();
        foreach (var image in images) pool.Add(image);
        Style = pool.Build();
        Colours = ColourMoments.Of(images);
    }

    public string Folder { get; } = Directory.CreateTempSubdirectory("fcan-adapter-").FullName;

    public FeatureNetwork Features { get; }

    public IRanSampleSource Source { get; }

    public StyleStatistics Style { get; }

    /// <summary>The target images' colour moments, for the default preset's colour-matched start.</summary>
    public ColourMoments Colours { get; }

    public AdapterOrigin Origin => new(Source.Location, "tiny", 1, Style.ContentHash, Features.Id);

    public static AdapterSettings Settings(int steps) => new()
    {
        Shape = new AdapterShape(Channels: 4, Downsamplings: 1, ResidualBlocks: 1),
        Loss = AanSettings.Paper with { Alpha = 1e-3 },
        Steps = steps, Batch = 2, CropWidth = 32, CropHeight = 32, LearningRate = 1e-2, Seed = 5,
    };

    public AdapterTrainer Trainer(AdapterSettings settings) => AdapterTrainer.Create(Features, Style, settings);

    public AdapterCrops Crops(AdapterSettings settings) => new(Source, settings);

    public AdapterCheckpointStore Store(string name) => new(new LocalBlobStore(Path.Combine(Folder, name)));

    public void Dispose()
    {
        Features.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
