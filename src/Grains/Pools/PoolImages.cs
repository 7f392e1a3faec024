using Fcan.Data.Imaging;
using Fcan.Engine.Colour;
using Fcan.Grains.Contracts;
using Fcan.Grains.Rendering;
using Fcan.Grains.Storage;

namespace Fcan.Grains.Pools;

/// <summary>Reads one pool image named by a full URI (a local file path or az://container/path/image.png).</summary>
public static class PoolImages
{
    public static async Task<RgbImage> LoadAsync(BlobStoreCache stores, string uri, ImageSize? size,
        CancellationToken cancellationToken)
    {
        var slash = uri.LastIndexOf('/');
        var store = stores.Open(slash < 0 ? "." : slash == 0 ? "/" : uri[..slash]);
        var buffer = new MemoryStream();
        await using (var stream = await store.OpenReadAsync(uri[(slash + 1)..], cancellationToken))
            await stream.CopyToAsync(buffer, cancellationToken);
        var image = ImageCodec.DecodeRgb(buffer.ToArray(), uri);
        return size is null ? image : ImageResizer.Antialiased(image, size.Width, size.Height);
    }

    /// <summary>The l-alpha-beta colour moments of a pool version's images at its size: what colour transfer and the
    /// AAN presets' colour init need, which its Gram statistics file does not hold. One streaming pass.</summary>
    public static ColourMoments Colours(BlobStoreCache stores, PoolInfo pool, CancellationToken cancellationToken) =>
        ColourMoments.Of(pool.Definition.Images.Select(uri =>
            LoadAsync(stores, uri, pool.Definition.Size, cancellationToken).GetAwaiter().GetResult()));
}
