using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Fcan.Data.Imaging;
using Fcan.Data.Shards;
using Fcan.Data.Storage;

namespace Fcan.Data.Datasets;

/// <summary>
/// What every layout shares: loading and validating one item. Listing (in each layout) only looks at names, so it is
/// cheap and never fails on a bad item; every check on an item happens here, at load, in this order: unsafe names
/// (<c>..</c>, absolute), a key that does not match its image name (two images with one stem, or a forged item),
/// a key a shard can't hold (a '.' in its file name, or <c>..</c> from a file named <c>...png</c>), a missing
/// label, a missing/zero-byte/oversized file, a symlink leaving the root, an unreadable or truncated image or one in
/// another format, a header announcing too many pixels, an image smaller than <see cref="MinSide"/>, a label of
/// another size, and label values that are no Cityscapes label id.
/// Listing keeps names (never bytes) in memory to order items by key; images are read one item at a time.
/// </summary>
public abstract class DatasetReader(IBlobStore root) : IDatasetReader
{
    /// <summary>Files above this size are refused before being read (a 2 Mpx PNG is a few MB).</summary>
    public const long MaxFileBytes = 256L * 1024 * 1024;

    /// <summary>Images narrower or lower than this are refused: a 1x1 "image" has no content to keep or restyle.</summary>
    public const int MinSide = 4;

    protected static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg"];

    protected IBlobStore Root { get; } = root;

    /// <summary>Whether every image of this layout must have a label.</summary>
    protected abstract bool LabelsRequired { get; }

    public abstract IAsyncEnumerable<DatasetItem> ListAsync(CancellationToken cancellationToken);

    /// <summary>The key an image name stands for in this layout; null when the name is no image of the layout.</summary>
    protected abstract string? KeyOf(string imageName);

    /// <summary>Where the label of <paramref name="key"/> lives in this layout.</summary>
    protected abstract string LabelNameOf(string key);

    public async Task<LoadedItem> LoadAsync(DatasetItem item, CancellationToken cancellationToken)
    {
        CheckNames(item);
        var imageBytes = await ReadAsync(item, item.ImageName, cancellationToken);
        var labelBytes = item.LabelName == null ? null : await ReadAsync(item, item.LabelName, cancellationToken);
        var image = Decode(item, item.ImageName, () => ImageCodec.DecodeRgb(imageBytes, item.ImageName));
        if (image.Width < MinSide || image.Height < MinSide)
            throw Bad(item, $"{item.ImageName}: {image.Width}x{image.Height} pixels, smaller than the {MinSide}x{MinSide} minimum");
        var trainIds = labelBytes == null ? null : TrainIds(item, image, labelBytes);
        var labelPng = trainIds == null ? null : ImageCodec.EncodeGrayPng(image.Width, image.Height, trainIds);
        return new LoadedItem(item, imageBytes, image, labelPng, trainIds, Sha256(imageBytes, labelBytes));
    }

    /// <summary>Groups listed blobs into items in key order: images by key (the first name of a stem owns it; a later
    /// image with the same stem keeps its full name as key, so loading reports it), labels joined by name.</summary>
    protected static IEnumerable<DatasetItem> Pair(IEnumerable<string> imageNames, ISet<string> labelNames,
        Func<string, string?> keyOf, Func<string, string> labelNameOf)
    {
        var items = new SortedDictionary<string, DatasetItem>(StringComparer.Ordinal);
        foreach (var imageName in imageNames)
        {
            var key = keyOf(imageName);
            if (key == null) continue;
            if (items.ContainsKey(key)) key = imageName;
            var labelName = labelNameOf(key);
            items[key] = new DatasetItem(key, imageName, labelNames.Contains(labelName) ? labelName : null);
        }
        return items.Values;
    }

    /// <summary>Lists a layout whose images and labels live under two separate prefixes.</summary>
    protected async IAsyncEnumerable<DatasetItem> ListUnderAsync(string imagesPrefix, string labelsPrefix,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var images = await NamesAsync(imagesPrefix, cancellationToken);
        var labels = (await NamesAsync(labelsPrefix, cancellationToken)).ToHashSet(StringComparer.Ordinal);
        foreach (var item in Pair(images, labels, KeyOf, LabelNameOf)) yield return item;
    }

    protected static bool IsImageName(string name) =>
        ImageExtensions.Any(extension => name.EndsWith(extension, StringComparison.OrdinalIgnoreCase));

    protected static string WithoutExtension(string name) => name[..name.LastIndexOf('.')];

    protected async Task<List<string>> NamesAsync(string prefix, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var blob in Root.ListAsync(prefix, cancellationToken)) names.Add(blob.Name);
        return names;
    }

    private void CheckNames(DatasetItem item)
    {
        var unsafeName = new[] { item.ImageName, item.LabelName }
            .Where(name => name != null)
            .Select(name => (Name: name!, Problem: BlobNames.Problem(name!)))
            .FirstOrDefault(named => named.Problem != null);
        if (unsafeName.Problem != null) throw Bad(item, $"unsafe name '{unsafeName.Name}' ({unsafeName.Problem})");
        var expectedKey = KeyOf(item.ImageName);
        if (expectedKey != item.Key)
            throw Bad(item, expectedKey == null
                ? $"'{item.ImageName}' is not an image of this layout"
                : $"image '{item.ImageName}' has the key '{expectedKey}', which another image of the same name stem already has");
        if (ShardKeys.Problem(item.Key) is { } keyProblem) throw Bad(item, $"'{item.ImageName}' can't be stored: {keyProblem}");
        var expectedLabel = LabelNameOf(item.Key);
        if (item.LabelName == null && LabelsRequired) throw Bad(item, $"missing label (expected {expectedLabel})");
        if (item.LabelName != null && item.LabelName != expectedLabel)
            throw Bad(item, $"label '{item.LabelName}' does not belong to this item (expected {expectedLabel})");
    }

    private async Task<byte[]> ReadAsync(DatasetItem item, string name, CancellationToken cancellationToken)
    {
        try
        {
            var info = await Root.GetInfoAsync(name, cancellationToken) ?? throw Bad(item, $"{name}: file not found");
            if (info.Length == 0) throw Bad(item, $"{name}: empty file (0 bytes)");
            if (info.Length > MaxFileBytes) throw Bad(item, $"{name}: {info.Length} bytes, more than the {MaxFileBytes} allowed");
            await using var stream = await Root.OpenReadAsync(name, cancellationToken);
            using var buffer = new MemoryStream((int)info.Length);
            await stream.CopyToAsync(buffer, cancellationToken);
            return buffer.ToArray();
        }
        catch (BlobNotFoundException)
        {
            throw Bad(item, $"{name}: file not found");
        }
        catch (StorageException e) when (e.Permanent)
        {
            throw Bad(item, e.Message);
        }
        // Any other StorageException (an outage, a refused permission) says nothing about the item: it propagates,
        // so the item is tried again later instead of being reported as bad input.
    }

    private static RgbImage Decode(DatasetItem item, string name, Func<RgbImage> decode)
    {
        try
        {
            return decode();
        }
        catch (ImageFormatException e)
        {
            throw Bad(item, $"{name}: {e.Reason}");
        }
    }

    private static byte[] TrainIds(DatasetItem item, RgbImage image, byte[] labelBytes)
    {
        var labelName = item.LabelName!;
        (int Width, int Height, byte[] Values) label;
        try
        {
            label = LabelMapCodec.Decode(labelBytes, labelName);
        }
        catch (ImageFormatException e)
        {
            throw Bad(item, $"{labelName}: {e.Reason}");
        }
        if (label.Width != image.Width || label.Height != image.Height)
            throw Bad(item, $"label is {label.Width}x{label.Height} but the image is {image.Width}x{image.Height}");
        var trainIds = new byte[label.Values.Length];
        var unknown = new SortedSet<byte>();
        for (var i = 0; i < trainIds.Length; i++)
        {
            var trainId = CityscapesLabels.TrainId(label.Values[i]);
            if (trainId == null) unknown.Add(label.Values[i]);
            else trainIds[i] = trainId.Value;
        }
        if (unknown.Count > 0)
            throw Bad(item, $"{labelName}: unknown label ids {string.Join(", ", unknown.Take(8))} (Cityscapes label ids are 0..{CityscapesLabels.MaxLabelId})");
        return trainIds;
    }

    private static string Sha256(byte[] imageBytes, byte[]? labelBytes)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(imageBytes);
        if (labelBytes != null) hash.AppendData(labelBytes);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static DatasetItemException Bad(DatasetItem item, string reason) => new(item.Key, reason);
}
