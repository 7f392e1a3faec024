using Fcan.Data.Datasets;
using Fcan.Data.Storage;
using Fcan.Data.Synthetic;
using Xunit.Abstractions;

namespace Fcan.Data.Tests.Synthetic;

public sealed class SyntheticDatasetTests(ITestOutputHelper output) : IDisposable
{
    private static readonly SyntheticDatasetOptions Options = new() { Seed = 7, SourceImages = 16, TargetImages = 16, Width = 256, Height = 128 };

    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task WritesAGta5SourceAndACityscapesTargetThatTheReadersLoadWithoutFailures()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var folders = SyntheticDataset.Generate(folder.Path, Options);
        output.WriteLine($"generated 16+16 images at 256x128 in {clock.Elapsed.TotalSeconds:F2} s");

        var source = await LoadAllAsync(folders.Source, DatasetLayout.Gta5);
        var target = await LoadAllAsync(folders.Target, DatasetLayout.Cityscapes);

        Assert.Equal(16, source.Count);
        Assert.Equal(16, target.Count);
        Assert.Equal("val/synth/synth_000000_000019", target[0].Item.Key);
        Assert.All(source.Concat(target), item => Assert.Equal((256, 128), (item.Image.Width, item.Image.Height)));
        var classes = source.Concat(target).SelectMany(item => item.TrainIds!).Distinct().Order().ToList();
        Assert.DoesNotContain(CityscapesLabels.Ignore, classes);
        Assert.True(classes.Count >= 12, $"only classes {string.Join(",", classes)}");
    }

    [Fact]
    public void IsDeterministicFromTheSeed()
    {
        SyntheticDataset.Generate(Path.Combine(folder.Path, "a"), Options with { SourceImages = 3, TargetImages = 3 });
        SyntheticDataset.Generate(Path.Combine(folder.Path, "b"), Options with { SourceImages = 3, TargetImages = 3 });
        SyntheticDataset.Generate(Path.Combine(folder.Path, "c"), Options with { SourceImages = 3, TargetImages = 3, Seed = 8 });

        var a = Files(Path.Combine(folder.Path, "a"));
        Assert.Equal(12, a.Count);
        Assert.Equal(a, Files(Path.Combine(folder.Path, "b")));
        Assert.NotEqual(a.Values, Files(Path.Combine(folder.Path, "c")).Values);
    }

    [Fact]
    public async Task TheTwoDomainsDifferFarMoreThanImagesWithinADomain()
    {
        var folders = SyntheticDataset.Generate(folder.Path, Options);
        var source = (await LoadAllAsync(folders.Source, DatasetLayout.Gta5)).Select(i => ColourTextureGram.Of(i.Image)).ToList();
        var target = (await LoadAllAsync(folders.Target, DatasetLayout.Cityscapes)).Select(i => ColourTextureGram.Of(i.Image)).ToList();

        var withinSource = MeanDistance(source, source);
        var withinTarget = MeanDistance(target, target);
        var between = MeanDistance(source, target);
        output.WriteLine($"mean Gram distance: source-source {withinSource:F4}, target-target {withinTarget:F4}, source-target {between:F4}");

        Assert.True(between > 2.5 * Math.Max(withinSource, withinTarget),
            $"between {between:F4} vs within {withinSource:F4}/{withinTarget:F4}");
    }

    [Theory]
    [InlineData(0, 128)]
    [InlineData(256, 8)]
    public void ImpossibleSizesAreRejected(int width, int height)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            SyntheticDataset.Generate(folder.Path, Options with { Width = width, Height = height }));
        Assert.Contains($"{width}x{height}", error.Message);
    }

    private static double MeanDistance(List<ColourTextureGram> a, List<ColourTextureGram> b) =>
        a.SelectMany((x, i) => b.Select((y, j) => (x, y, same: ReferenceEquals(a, b) && i >= j)))
            .Where(pair => !pair.same)
            .Average(pair => pair.x.DistanceTo(pair.y));

    private static Dictionary<string, string> Files(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(path => Path.GetRelativePath(root, path), path => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))));

    private static async Task<List<LoadedItem>> LoadAllAsync(string root, DatasetLayout layout)
    {
        var reader = DatasetReaders.Open(new LocalBlobStore(root), layout);
        var items = new List<LoadedItem>();
        await foreach (var item in reader.ListAsync(TestTimeout.Token)) items.Add(await reader.LoadAsync(item, TestTimeout.Token));
        return items;
    }
}
