using Fcan.Data.Datasets;
using Fcan.Data.Storage;
using Fcan.Testing.Images;

namespace Fcan.Data.Tests.Datasets;

public sealed class DatasetReaderTests : IDisposable
{
    private readonly TempFolder root = new();
    private readonly TempFolder outside = new();

    public void Dispose()
    {
        root.Dispose();
        outside.Dispose();
    }

    [Fact]
    public async Task Gta5LayoutLoadsGoodItemsAndReportsEachBadOneWithItsReason()
    {
        Write("images/00001.png", TestImages.Png(8, 4));
        Write("labels/00001.png", TestImages.Label(8, 4, top: 23, bottom: 7));
        Write("images/00002.png", TestImages.Png(8, 4, shade: 10));
        Write("labels/00002.png", TestImages.Label(8, 4, top: 26, bottom: 0));
        Write("images/00003.png", TestImages.Png(8, 4));                      // no label
        Write("images/00004.png", TestImages.Png(8, 4));
        Write("labels/00004.png", TestImages.Label(6, 4));                    // other size
        Write("images/00005.png", TestImages.Png(8, 4));
        Write("labels/00005.png", TestImages.Label(8, 4, top: 200));           // not a label id
        Write("images/00006.png", "not an image at all"u8.ToArray());
        Write("labels/00006.png", TestImages.Label(8, 4));
        Write("images/00007.png", TestImages.Truncated(TestImages.Png(64, 64)));
        Write("labels/00007.png", TestImages.Label(64, 64));
        Write("images/00008.png", []);
        Write("labels/00008.png", TestImages.Label(8, 4));
        Write("images/00009.png", TestImages.PngAnnouncing(100_000, 100_000));
        Write("labels/00009.png", TestImages.Label(8, 4));
        File.WriteAllBytes(Path.Combine(outside.Path, "secret.png"), TestImages.Png(8, 4));
        File.CreateSymbolicLink(Path.Combine(root.Path, "images/00010.png"), Path.Combine(outside.Path, "secret.png"));
        Write("labels/00010.png", TestImages.Label(8, 4));
        Write("images/00011.jpg", TestImages.Truncated(TestImages.Jpeg(64, 64)));
        Write("labels/00011.png", TestImages.Label(64, 64));
        Write("images/notes.txt", "ignored: not an image"u8.ToArray());

        var (loaded, failures) = await LoadAllAsync(DatasetLayout.Gta5);

        Assert.Equal(["00001", "00002"], loaded.Select(item => item.Item.Key));
        var expected = new Dictionary<string, string>
        {
            ["00003"] = "missing label (expected labels/00003.png)",
            ["00004"] = "label is 6x4 but the image is 8x4",
            ["00005"] = "labels/00005.png: unknown label ids 200",
            ["00006"] = "images/00006.png: not a readable PNG or JPEG",
            ["00007"] = "images/00007.png: truncated image data",
            ["00008"] = "images/00008.png: empty file (0 bytes)",
            ["00009"] = "images/00009.png: header announces 100000x100000 pixels",
            ["00010"] = "symlink leaves the store root",
            ["00011"] = "images/00011.jpg: truncated image data",
        };
        Assert.Equal(expected.Keys, failures.Select(failure => failure.Key));
        foreach (var failure in failures) Assert.Contains(expected[failure.Key], failure.Reason);
        foreach (var failure in failures) Assert.DoesNotContain('\n', failure.Message);

        var first = loaded[0];
        Assert.Equal((8, 4), (first.Image.Width, first.Image.Height));
        Assert.Equal(10, first.TrainIds![0]);   // sky: label id 23
        Assert.Equal(0, first.TrainIds[31]);    // road: label id 7
        Assert.Equal(255, loaded[1].TrainIds![31]); // label id 0 is ignored
        Assert.Equal(13, loaded[1].TrainIds![0]);   // car: label id 26
        Assert.Equal(64, first.Sha256.Length);
        Assert.NotEqual(first.Sha256, loaded[1].Sha256);
    }

    [Fact]
    public async Task ShaAndKeysAreStableAcrossRunsAndFollowTheBytes()
    {
        Write("images/a.png", TestImages.Png(4, 4));
        Write("labels/a.png", TestImages.Label(4, 4));
        var reader = DatasetReaders.Open(new LocalBlobStore(root.Path), DatasetLayout.Gta5);
        var item = Assert.Single(await ListAsync(reader));
        var before = (await reader.LoadAsync(item, TestTimeout.Token)).Sha256;

        Assert.Equal(before, (await reader.LoadAsync(item, TestTimeout.Token)).Sha256);
        Write("labels/a.png", TestImages.Label(4, 4, top: 8));
        Assert.NotEqual(before, (await reader.LoadAsync(item, TestTimeout.Token)).Sha256);
    }

    [Theory]
    [InlineData("images/../../etc/passwd.png", "unsafe name")]
    [InlineData("/etc/passwd.png", "unsafe name")]
    [InlineData("images/other.png", "has the key 'other'")]
    public async Task ForgedItemsAreRejectedBeforeAnythingIsRead(string imageName, string reason)
    {
        var reader = DatasetReaders.Open(new LocalBlobStore(root.Path), DatasetLayout.Gta5);

        var error = await Assert.ThrowsAsync<DatasetItemException>(() =>
            reader.LoadAsync(new DatasetItem("key", imageName, "labels/key.png"), TestTimeout.Token));
        Assert.Equal("key", error.Key);
        Assert.Contains(reason, error.Reason);
    }

    [Fact]
    public async Task CityscapesLayoutPairsImagesWithLabelsAcrossSplitsAndCities()
    {
        Write("leftImg8bit/val/lindau/lindau_000001_000019_leftImg8bit.png", TestImages.Png(8, 4));
        Write("gtFine/val/lindau/lindau_000001_000019_gtFine_labelIds.png", TestImages.Label(8, 4));
        Write("gtFine/val/lindau/lindau_000001_000019_gtFine_color.png", TestImages.Png(8, 4));
        Write("leftImg8bit/train/aachen/aachen_000000_000019_leftImg8bit.png", TestImages.Png(8, 4));
        Write("gtFine/train/aachen/aachen_000000_000019_gtFine_labelIds.png", TestImages.Label(8, 4, top: 21));
        Write("leftImg8bit/train/aachen/aachen_000002_000019_leftImg8bit.png", TestImages.Png(8, 4));

        var (loaded, failures) = await LoadAllAsync(DatasetLayout.Cityscapes);

        Assert.Equal(["train/aachen/aachen_000000_000019", "val/lindau/lindau_000001_000019"], loaded.Select(i => i.Item.Key));
        Assert.Equal(8, loaded[0].TrainIds![0]); // vegetation: label id 21
        var missing = Assert.Single(failures);
        Assert.Equal("train/aachen/aachen_000002_000019", missing.Key);
        Assert.Contains("missing label (expected gtFine/train/aachen/aachen_000002_000019_gtFine_labelIds.png)", missing.Reason);
    }

    [Fact]
    public async Task FolderLayoutTakesEveryImageWithOptionalLabels()
    {
        Write("street/b.jpg", TestImages.Jpeg(8, 4));
        Write("a.png", TestImages.Png(8, 4));
        Write("labels/a.png", TestImages.Label(8, 4));
        Write("c.png", TestImages.Png(8, 4));
        Write("c.jpg", TestImages.Jpeg(8, 4));

        var reader = DatasetReaders.Open(new LocalBlobStore(root.Path), DatasetLayout.Folder);
        var items = await ListAsync(reader);
        var (loaded, failures) = await LoadAllAsync(DatasetLayout.Folder);

        Assert.Equal([new DatasetItem("a", "a.png", "labels/a.png"), new DatasetItem("c", "c.jpg", null),
            new DatasetItem("c.png", "c.png", null), new DatasetItem("street/b", "street/b.jpg", null)], items);
        Assert.Equal(["a", "c", "street/b"], loaded.Select(i => i.Item.Key));
        Assert.NotNull(loaded[0].LabelPng);
        Assert.Null(loaded[1].TrainIds);
        var duplicate = Assert.Single(failures);
        Assert.Contains("another image of the same name stem", duplicate.Reason);
    }

    [Fact]
    public async Task EveryColourModeBecomesRgbAndUnstorableOrDegenerateItemsAreReported()
    {
        Write("grey.png", PngBuilder.Still(8, 8, colourType: 0, bitDepth: 8, Filled(64, [100])));
        Write("grey16.png", PngBuilder.Still(8, 8, colourType: 0, bitDepth: 16, Filled(64, [0xC8, 0xC8])));
        Write("rgb16.png", PngBuilder.Still(8, 8, colourType: 2, bitDepth: 16, Filled(64, [0x0A, 0x0A, 0x14, 0x14, 0x1E, 0x1E])));
        Write("greyalpha.png", PngBuilder.Still(8, 8, colourType: 4, bitDepth: 8, Filled(64, [100, 128])));
        Write("rgba.png", PngBuilder.Still(8, 8, colourType: 6, bitDepth: 8, Filled(64, [10, 20, 30, 255])));
        Write("palette.png", PngBuilder.Still(8, 8, colourType: 3, bitDepth: 8, Filled(64, [1]), palette: [0, 0, 0, 10, 20, 30]));
        Write("cmyk.jpg", CmykJpeg.Flat(16, 16, c: 200, m: 150, y: 100, k: 50));
        Write("animated.png", PngBuilder.Animated(8, 8, [Filled(64, [255, 0, 0]), Filled(64, [0, 0, 255])]));
        Write("odd name #1 (ü).png", TestImages.Png(8, 4));
        Write("tiny.png", TestImages.Png(1, 1));
        Write("frame.v2.png", TestImages.Png(8, 4));
        Write("...png", TestImages.Png(8, 4));
        Write("webp.png", TestImages.WebP(8, 4));

        var (loaded, failures) = await LoadAllAsync(DatasetLayout.Folder);

        var converted = loaded.ToDictionary(item => item.Item.Key);
        Assert.Equal(["animated", "cmyk", "grey", "grey16", "greyalpha", "odd name #1 (ü)", "palette", "rgb16", "rgba"],
            converted.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([100, 100, 100], converted["grey"].Image.Pixels[..3]);
        Assert.Equal([200, 200, 200], converted["grey16"].Image.Pixels[..3]);
        Assert.Equal([10, 20, 30], converted["rgb16"].Image.Pixels[..3]);
        Assert.Equal([100, 100, 100], converted["greyalpha"].Image.Pixels[..3]);
        Assert.Equal([10, 20, 30], converted["rgba"].Image.Pixels[..3]);
        Assert.Equal([10, 20, 30], converted["palette"].Image.Pixels[..3]);
        Assert.Equal((16, 16), (converted["cmyk"].Image.Width, converted["cmyk"].Image.Height));
        Assert.Equal([255, 0, 0], converted["animated"].Image.Pixels[..3]);
        var expected = new Dictionary<string, string>
        {
            [".."] = "its key '..' is unsafe",
            ["frame.v2"] = "has a '.' in the file name",
            ["tiny"] = "tiny.png: 1x1 pixels, smaller than the 4x4 minimum",
            ["webp"] = "webp.png: a WEBP image, not PNG or JPEG",
        };
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), failures.Select(failure => failure.Key).Order(StringComparer.Ordinal));
        foreach (var failure in failures) Assert.Contains(expected[failure.Key], failure.Reason);
    }

    [Fact]
    public async Task AnImageNameTooLongForAShardKeyIsReportedAndTheRestLoad()
    {
        var longName = new string('k', 230);
        Write($"{longName}.png", TestImages.Png(8, 4));
        Write("fine.png", TestImages.Png(8, 4));

        var (loaded, failures) = await LoadAllAsync(DatasetLayout.Folder);

        Assert.Equal("fine", Assert.Single(loaded).Item.Key);
        var failure = Assert.Single(failures);
        Assert.Equal(longName, failure.Key);
        Assert.Contains("has a name of 230 bytes (UTF-8), more than the 224", failure.Reason);
    }

    [Fact]
    public async Task PaletteLabelMapsAreReadByIndexNotColour()
    {
        // GTA5's labels are palette PNGs; a real 4x4 one: rows of indices 26 (car) and 7 (road), palette of 34 colours.
        byte[] indices = [.. Enumerable.Range(0, 16).Select(i => (byte)(i < 8 ? 26 : 7))];
        Write("images/p.png", TestImages.Png(4, 4));
        Write("labels/p.png", TestImages.PalettePng(4, 4, indices));

        var (loaded, failures) = await LoadAllAsync(DatasetLayout.Gta5);

        Assert.Empty(failures);
        Assert.Equal(indices.Select(i => (byte)(i == 26 ? 13 : 0)), Assert.Single(loaded).TrainIds!);
    }

    [Theory]
    [InlineData("truncated", "truncated image data")]
    [InlineData("huge", "header announces 100000x100000 pixels")]
    [InlineData("colour", "label maps must be non-interlaced 8-bit grayscale or palette PNGs")]
    [InlineData("empty", "empty file (0 bytes)")]
    public async Task BadLabelFilesAreReportedWithTheReason(string kind, string reason)
    {
        Write("images/x.png", TestImages.Png(64, 64));
        Write("labels/x.png", kind switch
        {
            "truncated" => TestImages.Truncated(TestImages.Label(64, 64)),
            "huge" => TestImages.PngAnnouncing(100_000, 100_000, colourType: 0),
            "colour" => TestImages.Png(64, 64),
            _ => [],
        });

        var (_, failures) = await LoadAllAsync(DatasetLayout.Gta5);

        Assert.Contains(reason, Assert.Single(failures).Reason);
    }

    private static byte[] Filled(int pixels, byte[] pixel) => [.. Enumerable.Repeat(pixel, pixels).SelectMany(sample => sample)];

    private void Write(string name, byte[] bytes)
    {
        var path = Path.Combine(root.Path, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    private async Task<(List<LoadedItem> Loaded, List<DatasetItemException> Failures)> LoadAllAsync(DatasetLayout layout)
    {
        var reader = DatasetReaders.Open(new LocalBlobStore(root.Path), layout);
        var loaded = new List<LoadedItem>();
        var failures = new List<DatasetItemException>();
        foreach (var item in await ListAsync(reader))
        {
            try
            {
                loaded.Add(await reader.LoadAsync(item, TestTimeout.Token));
            }
            catch (DatasetItemException e)
            {
                failures.Add(e);
            }
        }
        return (loaded, failures);
    }

    private static async Task<List<DatasetItem>> ListAsync(IDatasetReader reader)
    {
        var items = new List<DatasetItem>();
        await foreach (var item in reader.ListAsync(TestTimeout.Token)) items.Add(item);
        return items;
    }
}
