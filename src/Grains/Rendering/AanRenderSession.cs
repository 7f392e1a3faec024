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
        var prepared = source.Prepared(itemKey, cancellationToken);
        RgbImage adapted;
        try
        {
            adapted = renderer.Render(prepared.Source, statistics, settings, iteration =>
            {
                if (double.IsNaN(iteration.Loss) || double.IsInfinity(iteration.Loss))
                    throw new RenderFailedException($"item '{itemKey}': loss became {iteration.Loss} at iteration {iteration.Iteration}", retryable: true);
            }, cancellationToken);
        }
        catch (ArgumentException error)
        {
            throw new RenderFailedException($"item '{itemKey}': {error.Message}", retryable: false);
        }
        return source.Members(prepared, adapted, pool, new
        {
            poolStatistics = pool.StatisticsHash,
            network = pool.NetworkId,
            preset = spec.Settings.Preset,
            iterations = settings.Iterations,
            seed = settings.Seed,
            init = spec.Settings.Init.ToString(),
            alpha = settings.Alpha,
            beta = settings.Beta,
            contentWeights = settings.ContentWeights,
            styleWeights = settings.StyleWeights,
            lossScale = settings.Scale.ToString(),
            smoothness = settings.Smoothness,
            colourStrength = spec.Settings.ColourStrength,
        });
    }

    public void Prefetch(string itemKey, CancellationToken cancellationToken) => source.Prefetch(itemKey, cancellationToken);

    public string SourceSha256(string itemKey, CancellationToken cancellationToken) =>
        source.Prepared(itemKey, cancellationToken).Loaded.Sha256;

    public void Dispose() => network.Dispose();
}
