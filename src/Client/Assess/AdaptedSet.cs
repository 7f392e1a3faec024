using System.Text.Json;
using Fcan.Data.Datasets;
using Fcan.Data.Imaging;
using Fcan.Data.Shards;
using Fcan.Data.Storage;
using Fcan.Engine.Quality;
using Fcan.Client.Cli;
using Fcan.Grains.Rendering;

namespace Fcan.Client.Assess;

/// <summary>
/// The adapted images `fcan assess` reads, each with its source (resized to the adapted image's size) and labels:
/// from a converted output's current generation (the item .json names the source dataset and layout), or from two
/// folders paired by file stem.
/// </summary>
public static class AdaptedSet
{
    private static readonly HashSet<string> ImageExtensions = [".png", ".jpg", ".jpeg"];

    public static async Task<IReadOnlyList<AssessedPair>> FromOutputAsync(string output, CancellationToken ct)
    {
        var store = BlobStores.Open(output);
        var pairs = new List<AssessedPair>();
        var readers = new Dictionary<(string, string), (IDatasetReader Reader, Dictionary<string, DatasetItem> Items)>();
        foreach (var shard in await ShardReader.ReadManifestAsync(store, ct))
            await foreach (var sample in ShardReader.ReadSamplesAsync(store, shard, ct))
            {
                var where = $"{output}/{shard.Name}:{sample.Key}";
                byte[]? Member(string suffix) => sample.Members.FirstOrDefault(m => m.Name == $"{sample.Key}.{suffix}")?.Content;
                var adapted = ImageCodec.DecodeRgb(Member("png") ?? throw new OperationFailedException($"{where}: no {sample.Key}.png"), $"{where}.png");
                var (dataset, layout) = SourceOf(Member("json"), where);
                if (!readers.TryGetValue((dataset, layout), out var source))
                {
                    var reader = DatasetReaders.Open(BlobStores.Open(dataset), Enum.Parse<DatasetLayout>(layout, ignoreCase: true));
                    var items = await reader.ListAsync(ct).ToDictionaryAsync(i => i.Key, cancellationToken: ct);
                    readers[(dataset, layout)] = source = (reader, items);
                }
                if (!source.Items.TryGetValue(sample.Key, out var item))
                    throw new OperationFailedException($"{where}: its source is no longer in {dataset}");
                var loaded = await source.Reader.LoadAsync(item, ct);
                var labels = Member("label.png") is { } png ? Labels(png, adapted, $"{where}.label.png") : null;
                pairs.Add(new AssessedPair(sample.Key, ImageResizer.Antialiased(loaded.Image, adapted.Width, adapted.Height), adapted, labels));
            }
        return pairs.Count > 0 ? pairs : throw new OperationFailedException($"{output}: the output holds no images");
    }

    public static IReadOnlyList<AssessedPair> FromFolders(string sources, string adapted, string? labels)
    {
        var sourceFiles = ImagesByStem(sources);
        var labelFiles = labels is null ? [] : Directory.EnumerateFiles(RequireFolder(labels), "*.png")
            .ToDictionary(f => StemOf(f).Replace(".label", ""), StringComparer.Ordinal);
        var pairs = ImagesByStem(adapted).Select(entry =>
        {
            var (stem, file) = (entry.Key, entry.Value);
            if (!sourceFiles.TryGetValue(stem, out var sourceFile))
                throw new OperationFailedException($"{file}: no source image named {stem} in {sources}");
            var image = Read(file);
            var source = Read(sourceFile);
            var labelMap = labelFiles.TryGetValue(stem, out var labelFile) ? Labels(File.ReadAllBytes(labelFile), image, labelFile) : null;
            return new AssessedPair(stem, ImageResizer.Antialiased(source, image.Width, image.Height), image, labelMap);
        }).ToList();
        return pairs.Count > 0 ? pairs : throw new OperationFailedException($"{adapted}: no PNG or JPEG images in this folder");
    }

    /// <summary>Reads an image file; an unreadable one fails with its name.</summary>
    public static RgbImage Read(string file) => ImageCodec.DecodeRgb(File.ReadAllBytes(file), file);

    /// <summary>A grey label map of ids (255 = none), brought to the adapted image's size by nearest neighbour.</summary>
    private static byte[] Labels(byte[] png, RgbImage adapted, string where)
    {
        var (width, height, ids) = ImageCodec.DecodeGray(png, where);
        return ImageResizer.Nearest(ids, width, height, adapted.Width, adapted.Height);
    }

    private static (string Dataset, string Layout) SourceOf(byte[]? json, string where)
    {
        if (json is null) throw new OperationFailedException($"{where}: no .json member naming its source");
        using var document = JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty("sourceDataset", out var dataset) && document.RootElement.TryGetProperty("layout", out var layout)
            ? (dataset.GetString()!, layout.GetString()!)
            : throw new OperationFailedException($"{where}.json: no sourceDataset and layout (written before fcan assess); use --sources DIR --adapted DIR");
    }

    private static Dictionary<string, string> ImagesByStem(string folder)
    {
        var byStem = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(RequireFolder(folder)).Order(StringComparer.Ordinal))
        {
            if (!ImageExtensions.Contains(Path.GetExtension(file).ToLowerInvariant()) || file.EndsWith(".label.png", StringComparison.Ordinal)) continue;
            if (!byStem.TryAdd(StemOf(file), file))
                throw new OperationFailedException($"{file}: a second image named {StemOf(file)} (after {Path.GetFileName(byStem[StemOf(file)])})");
        }
        return byStem;
    }

    private static string StemOf(string file) => Path.GetFileNameWithoutExtension(file);

    private static string RequireFolder(string folder) =>
        Directory.Exists(folder) ? folder : throw new OperationFailedException($"{folder}: no such folder");
}
