using Fcan.Data.Datasets;
using Fcan.Data.Imaging;
using Fcan.Data.Shards;
using Fcan.Data.Storage;

namespace Fcan.Engine.Ran.Samples;

/// <summary>
/// The samples of a converted dataset's WebDataset shards (spec/cli.md: K.png, K.label.png), verified against the
/// manifest while read. The encoded members are kept in memory and decoded when loaded: right for the mini dataset
/// and a few thousand images; GTA5-scale training streams each trainer's share of the shards instead (issue 7).
/// </summary>
public sealed class ShardSampleSource : IRanSampleSource
{
    private const string ImageSuffix = ".png";
    private const string LabelSuffix = ".label.png";

    private readonly IReadOnlyList<(string Key, byte[] Image, byte[]? Label)> samples;

    private ShardSampleSource(string location, IReadOnlyList<(string, byte[], byte[]?)> samples)
    {
        Location = location;
        this.samples = samples;
    }

    public static async Task<ShardSampleSource> OpenAsync(IBlobStore store, CancellationToken cancellationToken)
    {
        var samples = new List<(string, byte[], byte[]?)>();
        foreach (var shard in await ShardReader.ReadManifestAsync(store, cancellationToken))
            await foreach (var sample in ShardReader.ReadSamplesAsync(store, shard, cancellationToken))
            {
                var image = Member(sample, ImageSuffix)
                    ?? throw new ShardVerificationException($"{store.Location}/{shard.Name}", $"sample '{sample.Key}' has no {ImageSuffix} member");
                samples.Add((sample.Key, image, Member(sample, LabelSuffix)));
            }
        if (samples.Count == 0) throw new ArgumentException($"{store.Location}: the shards hold no samples");
        return new ShardSampleSource(store.Location, samples);
    }

    public string Location { get; }

    public int Count => samples.Count;

    public bool Labeled => samples.All(s => s.Label != null);

    public RanSample Load(int index, CancellationToken cancellationToken)
    {
        var (key, imagePng, labelPng) = samples[index];
        var name = $"{Location} sample {key}";
        var image = ImageCodec.DecodeRgb(imagePng, name + ImageSuffix);
        if (labelPng == null) return new RanSample(key, image, null);
        var label = LabelMapCodec.Decode(labelPng, name + LabelSuffix);
        if (label.Width != image.Width || label.Height != image.Height)
            throw new ImageFormatException(name, $"label is {label.Width}x{label.Height} but the image is {image.Width}x{image.Height}");
        if (label.Values.FirstOrDefault(v => v >= CityscapesLabels.ClassCount && v != CityscapesLabels.Ignore) is var bad and > 0)
            throw new ImageFormatException(name + LabelSuffix, $"train id {bad} is not a class (0..{CityscapesLabels.ClassCount - 1} or 255)");
        return new RanSample(key, image, label.Values);
    }

    private static byte[]? Member(ShardSample sample, string suffix) =>
        sample.Members.FirstOrDefault(m => m.Name == sample.Key + suffix)?.Content;
}
