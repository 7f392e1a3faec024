using System.Formats.Tar;
using Fcan.Data.Imaging;

namespace Fcan.Client.Demo;

/// <summary>Reads the adapted images (`K.png` members) back out of a local output's WebDataset shards.</summary>
public static class ShardImages
{
    public static async Task<IReadOnlyDictionary<string, RgbImage>> ReadAsync(string outputFolder, CancellationToken ct)
    {
        var images = new SortedDictionary<string, RgbImage>(StringComparer.Ordinal);
        foreach (var shard in Directory.EnumerateFiles(Path.Combine(outputFolder, "shards"), "*.tar").Order(StringComparer.Ordinal))
        {
            await using var file = File.OpenRead(shard);
            await using var reader = new TarReader(file);
            while (await reader.GetNextEntryAsync(copyData: true, ct) is { } entry)
            {
                if (entry.DataStream is null || !IsAdaptedImage(entry.Name)) continue;
                using var bytes = new MemoryStream();
                await entry.DataStream.CopyToAsync(bytes, ct);
                images[entry.Name[..^".png".Length]] = ImageCodec.DecodeRgb(bytes.ToArray(), $"{Path.GetFileName(shard)}:{entry.Name}");
            }
        }
        return images;
    }

    // "K.png" is the adapted image; "K.label.png" is its label map.
    private static bool IsAdaptedImage(string name) =>
        name.EndsWith(".png", StringComparison.Ordinal) && !name.EndsWith(".label.png", StringComparison.Ordinal);
}
