using Fcan.Data.Imaging;
using Fcan.Engine.Baselines;
using Fcan.Engine.Colour;
using Fcan.Grains.Contracts;
using Fcan.Grains.Pools;
using Fcan.Grains.Sources;
using Fcan.Grains.Storage;

namespace Fcan.Grains.Rendering;

/// <summary>
/// The cheap baselines (<see cref="RenderMethod.Colour"/>, <see cref="RenderMethod.Fda"/>) on the same cluster path as
/// AAN. What they need from the pool comes from its images (at the pool's size), not from its Gram statistics: colour
/// transfer the l-alpha-beta mean and deviation over all of them, computed once per session in one streaming pass; FDA one
/// image per item, loaded when the item is (a large pool would not fit in memory). Neither is cached in the pool store:
/// a pass over the pool's images costs what reading as many sources does, once per job and device.
/// </summary>
public sealed class BaselineItemRenderer(IGrainFactory grains, DatasetCatalog catalog, BlobStoreCache stores) : IItemRenderer
{
    public IRenderSession Open(JobSpec spec, string device, CancellationToken cancellationToken)
    {
        var pool = grains.GetGrain<IStylePoolGrain>(spec.Pool).GetVersion(spec.PoolVersion, cancellationToken)
                       .GetAwaiter().GetResult()
                   ?? throw new RenderFailedException($"pool '{spec.Pool}' has no version {spec.PoolVersion}", retryable: false);
        if (pool.Definition.Images.Count == 0) throw new RenderFailedException($"pool '{spec.Pool}' has no images", retryable: false);
        RgbImage LoadPoolImage(string uri) =>
            PoolImages.LoadAsync(stores, uri, pool.Definition.Size, cancellationToken).GetAwaiter().GetResult();
        var adapter = spec.Settings.Method switch
        {
            RenderMethod.Colour => BaselineRenderSession.ColourTransfer(PoolImages.Colours(stores, pool, cancellationToken)),
            RenderMethod.Fda => BaselineRenderSession.Fda(pool.Definition.Images, LoadPoolImage,
                spec.Settings.FdaBand ?? FourierDomainAdaptation.DefaultBand),
            var other => throw new RenderFailedException($"method {other} is not a baseline", retryable: false),
        };
        return new BaselineRenderSession(spec, pool, adapter, catalog.Open(spec));
    }
}
