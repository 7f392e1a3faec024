using System.Text.Json;
using System.Security.Cryptography;
using Fcan.Data.Imaging;
using Fcan.Grains.Contracts;
using Fcan.Grains.Jobs;
using Fcan.Grains.Rendering;

namespace Fcan.Grains.Tests.Rendering;

public sealed class ImageResizerTests
{
    /// <summary>A 1-pixel checkerboard shrunk by 2.56 (GTA5's 1914 px to 748 is the same kind of non-integer step):
    /// every output pixel covers many black and white pixels, so it must be close to mid-grey. Sampling without a
    /// prefilter picks a few source pixels per output pixel and paints moiré bands from black to white.</summary>
    [Fact]
    public void A_downscaled_fine_checkerboard_is_grey_without_moire()
    {
        const int size = 256;
        var pixels = new byte[size * size * 3];
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
                pixels.AsSpan((y * size + x) * 3, 3).Fill((x + y) % 2 == 0 ? (byte)255 : (byte)0);

        var resized = ImageResizer.Antialiased(new RgbImage(size, size, pixels), 100, 100);

        Assert.Equal((100, 100), (resized.Width, resized.Height));
        var worst = resized.Pixels.Max(value => Math.Abs(value - 127.5));
        Assert.True(worst <= 8, $"a pixel is {worst} grey levels from mid-grey: aliasing");
    }

    [Fact]
    public void A_smooth_image_keeps_its_values_and_label_ids_are_never_blended()
    {
        var ramp = new RgbImage(64, 32, [.. Enumerable.Range(0, 64 * 32).SelectMany(i => new[] { (byte)(i % 64 * 4), (byte)50, (byte)200 })]);
        var resized = ImageResizer.Antialiased(ramp, 32, 16);
        Assert.All(Enumerable.Range(0, 32), x => Assert.InRange(resized[x, 7, 0], x * 8 - 2, x * 8 + 6));
        Assert.All(resized.Pixels.Where((_, i) => i % 3 == 2), value => Assert.Equal(200, value));

        byte[] labels = [.. Enumerable.Range(0, 64 * 32).Select(i => (byte)(i % 64 < 32 ? 7 : 26))];
        Assert.Equal(new byte[] { 7, 26 }, ImageResizer.Nearest(labels, 64, 32, 21, 11).Distinct().Order());
    }

    [Fact]
    public void The_resampler_is_part_of_the_recipe_only_when_items_are_resized()
    {
        var unresized = new JobSpec("src", "folder", "pool", 1, RenderSettings.Default, "out");
        var resized = unresized with { Settings = RenderSettings.Default with { Size = new ImageSize(64, 32) } };

        // The resampler is named only where it acts: a change of resampler re-renders resized outputs only.
        string Hash(object recipe) => Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(recipe)));
        Assert.Equal(Hash(new { unresized.Layout, unresized.Pool, unresized.PoolVersion, unresized.Settings }), JobRecipe.Fingerprint(unresized));
        Assert.Equal(Hash(new { resized.Layout, resized.Pool, resized.PoolVersion, resized.Settings, ImageResizer.Resampler }), JobRecipe.Fingerprint(resized));
    }
}
