using Fcan.Data.Datasets;
using Fcan.Data.Storage;
using Fcan.Data.Synthetic;
using Fcan.Engine.Networks;
using Fcan.Engine.Ran;
using Fcan.Engine.Ran.Samples;
using Fcan.Engine.Runtime;
using Fcan.Engine.Segmentation;

namespace Fcan.Engine.Tests.Ran;

/// <summary>A tiny segmentation network and the synthetic mini dataset at 64x32: RAN training in seconds.</summary>
public sealed class TinyRan : IDisposable
{
    public TinyRan()
    {
        Folders = SyntheticDataset.Generate(Folder, new SyntheticDatasetOptions { SourceImages = 4, TargetImages = 4, Width = 64, Height = 32 });
        Source = DatasetSampleSource.OpenAsync(Folders.Source, DatasetReaders.Open(BlobStores.Open(Folders.Source), DatasetLayout.Gta5), default).GetAwaiter().GetResult();
        Target = DatasetSampleSource.OpenAsync(Folders.Target, DatasetReaders.Open(BlobStores.Open(Folders.Target), DatasetLayout.Cityscapes), default).GetAwaiter().GetResult();
    }

    public string Folder { get; } = Directory.CreateTempSubdirectory("fcan-ran-").FullName;

    public SyntheticDatasetFolders Folders { get; }

    public IRanSampleSource Source { get; }

    public IRanSampleSource Target { get; }

    public static RanSettings Settings(int steps, int adversarialSteps) => new()
    {
        Steps = steps, AdversarialSteps = adversarialSteps, Batch = 2, CropWidth = 32, CropHeight = 32, Seed = 7,
    };

    public static SegmentationNetwork Network() =>
        new("tiny-test", DilatedResNet.Basic([1, 1, 1, 1], 8), InputSpace.TorchvisionRgb, CityscapesLabels.ClassCount);

    public static RanTrainer Trainer(RanSettings settings) => RanTrainer.Create(Network, settings, EngineDevice.Cpu);

    public RanBatchSampler Sampler(RanSettings settings) => new(Source, Target, settings);

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
