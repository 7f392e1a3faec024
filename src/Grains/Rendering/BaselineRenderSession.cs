using Fcan.Data.Datasets;
using Fcan.Data.Imaging;
using Fcan.Engine.Baselines;
using Fcan.Engine.Colour;
using Fcan.Engine.Imaging;
using Fcan.Grains.Contracts;

namespace Fcan.Grains.Rendering;

/// <summary>One job's rendering with a baseline: each source goes through <paramref name="adapter"/>, which returns the
/// adapted image and what the item's .json should record about how it was made.</summary>
public sealed class BaselineRenderSession(JobSpec spec, PoolInfo pool, BaselineRenderSession.Adapter adapter, IDatasetReader reader)
    : IRenderSession
{
    /// <summary>Adapts one item's source (at the job's size); the details go into its .json.</summary>
    public delegate (RgbImage Adapted, object Details) Adapter(string itemKey, RgbImage source);

    private readonly SourceItems source = new(spec, reader);

    public static Adapter ColourTransfer(ColourMoments target) => (_, image) =>
        (Engine.Colour.ColourTransfer.Apply(PlanarImage.FromRgb(image), target).ToRgb(),
         new { labMean = target.Mean, labStd = target.Std });

    /// <summary>FDA against the pool image <see cref="FourierDomainAdaptation.TargetIndex"/> picks for each item,
    /// resized to the source's size.</summary>
    public static Adapter Fda(IReadOnlyList<string> poolImages, Func<string, RgbImage> load, double band) => (itemKey, image) =>
    {
        var targetUri = poolImages[FourierDomainAdaptation.TargetIndex(itemKey, poolImages.Count)];
        var target = ImageResizer.Antialiased(load(targetUri), image.Width, image.Height);
        return (FourierDomainAdaptation.Apply(PlanarImage.FromRgb(image), PlanarImage.FromRgb(target), band).ToRgb(),
            new { fdaBand = band, fdaTarget = targetUri });
    };

    public IReadOnlyList<RenderedMember> Render(string itemKey, CancellationToken cancellationToken)
    {
        var prepared = source.Prepared(itemKey, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        var (adapted, details) = adapter(itemKey, prepared.Source);
        return source.Members(prepared, adapted, pool, new { baseline = details });
    }

    public void Prefetch(string itemKey, CancellationToken cancellationToken) => source.Prefetch(itemKey, cancellationToken);

    public string SourceSha256(string itemKey, CancellationToken cancellationToken) =>
        source.Prepared(itemKey, cancellationToken).Loaded.Sha256;

    public void Dispose()
    {
    }
}
