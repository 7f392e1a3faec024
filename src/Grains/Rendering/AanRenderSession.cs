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
    private Dictionary<string, DatasetItem>? items;
    private LoadedItem? lastLoaded;

    public IReadOnlyList<RenderedMember> Render(string itemKey, CancellationToken cancellationToken)
    {
        var loaded = Load(itemKey, cancellationToken);
        var (source, labelPng) = Resized(loaded);
        RgbImage adapted;
        try
        {
            adapted = renderer.Render(source, statistics, settings, iteration =>
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
        });
        List<RenderedMember> members = [new("png", ImageCodec.EncodePng(adapted)), new("json", metadata)];
        if (labelPng is not null) members.Insert(1, new RenderedMember("label.png", labelPng));
        return members;
    }

    public string SourceSha256(string itemKey, CancellationToken cancellationToken) => Load(itemKey, cancellationToken).Sha256;

    public void Dispose() => network.Dispose();

    private LoadedItem Load(string itemKey, CancellationToken cancellationToken)
    {
        if (lastLoaded?.Item.Key == itemKey) return lastLoaded;
        // Leases carry keys only; the file names come from one listing per session (names only, cheap).
        items ??= reader.ListAsync(cancellationToken).ToBlockingEnumerable(cancellationToken).ToDictionary(i => i.Key);
        if (!items.TryGetValue(itemKey, out var item))
            throw new RenderFailedException($"item '{itemKey}': no longer in {spec.Source}", retryable: false);
        try
        {
            return lastLoaded = reader.LoadAsync(item, cancellationToken).GetAwaiter().GetResult();
        }
        catch (DatasetItemException error)
        {
            throw new RenderFailedException($"item '{itemKey}': {error.Reason}", retryable: false);
        }
    }

    private (RgbImage Source, byte[]? LabelPng) Resized(LoadedItem loaded)
    {
        if (spec.Settings.Size is not { } size) return (loaded.Image, loaded.LabelPng);
        var image = ImageResizer.Bilinear(loaded.Image, size.Width, size.Height);
        if (loaded.TrainIds is null) return (image, null);
        var ids = ImageResizer.Nearest(loaded.TrainIds, loaded.Image.Width, loaded.Image.Height, size.Width, size.Height);
        return (image, ImageCodec.EncodeGrayPng(size.Width, size.Height, ids));
    }
}
