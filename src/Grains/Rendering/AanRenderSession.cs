using System.Text.Json;
using Fcan.Data.Datasets;
using Fcan.Data.Imaging;
using Fcan.Engine.Aan;
using Fcan.Engine.Networks;
using Fcan.Engine.Style;
using Fcan.Grains.Contracts;

namespace Fcan.Grains.Rendering;

/// <summary>One job's rendering on one device thread: owns the feature network and the opened source.</summary>
public sealed class AanRenderSession(
    JobSpec spec,
    PoolInfo pool,
    StyleStatistics statistics,
    FeatureNetwork network,
    AanSettings settings,
    IDatasetReader reader) : IRenderSession
{
    private readonly AanRenderer renderer = new(network);
    private readonly SourceItems source = new(spec, reader);

    public IReadOnlyList<RenderedMember> Render(string itemKey, CancellationToken cancellationToken)
    {
        var (loaded, image, labelPng) = source.Prepared(itemKey, cancellationToken);
        RgbImage adapted;
        try
        {
            adapted = renderer.Render(image, statistics, settings, iteration =>
            {
                if (double.IsNaN(iteration.Loss) || double.IsInfinity(iteration.Loss))
                    throw new RenderFailedException($"item '{itemKey}': loss became {iteration.Loss} at iteration {iteration.Iteration}", retryable: true);
            }, cancellationToken);
        }
        catch (ArgumentException error)
        {
            throw new RenderFailedException($"item '{itemKey}': {error.Message}", retryable: false);
        }
        var metadata = JsonSerializer.SerializeToUtf8Bytes(new
        {
            source = loaded.Item.ImageName,
            sourceSha256 = loaded.Sha256,
            sourceWidth = loaded.Image.Width,
            sourceHeight = loaded.Image.Height,
            width = adapted.Width,
            height = adapted.Height,
            pool = pool.Name,
            poolVersion = pool.Version,
            poolStatistics = pool.StatisticsHash,
            network = pool.NetworkId,
            iterations = settings.Iterations,
            seed = settings.Seed,
            method = RenderMethod.Aan.ToString().ToLowerInvariant(),
            sourceDataset = spec.Source,
            layout = spec.Layout,
        });
        List<RenderedMember> members = [new("png", ImageCodec.EncodePng(adapted)), new("json", metadata)];
        if (labelPng is not null) members.Insert(1, new RenderedMember("label.png", labelPng));
        return members;
    }

    public void Prefetch(string itemKey, CancellationToken cancellationToken) => source.Prefetch(itemKey, cancellationToken);

    public string SourceSha256(string itemKey, CancellationToken cancellationToken) =>
        source.Prepared(itemKey, cancellationToken).Loaded.Sha256;

    public void Dispose() => network.Dispose();
}
