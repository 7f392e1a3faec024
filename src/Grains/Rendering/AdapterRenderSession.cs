using System.Text.Json;
using Fcan.Data.Datasets;
using Fcan.Data.Imaging;
using Fcan.Engine.Adapter;
using Fcan.Engine.Imaging;
using Fcan.Grains.Contracts;

namespace Fcan.Grains.Rendering;

/// <summary>One job's rendering with a trained adapter on one device thread: one forward pass per item; owns the
/// adapter. The item's .json names the adapter by its SHA-256.</summary>
public sealed class AdapterRenderSession(JobSpec spec, PoolInfo pool, TrainedAdapter adapter, IDatasetReader reader) : IRenderSession
{
    private readonly SourceItems source = new(spec, reader);

    public IReadOnlyList<RenderedMember> Render(string itemKey, CancellationToken cancellationToken)
    {
        var (loaded, image, labelPng) = source.Prepared(itemKey, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        var adapted = adapter.Adapt([PlanarImage.FromRgb(image)])[0].ToRgb();
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
            network = adapter.Description.Origin.NetworkId,
            method = RenderMethod.Adapter.ToString().ToLowerInvariant(),
            adapter = adapter.ContentHash,
            adapterLocation = spec.Settings.Adapter,
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

    public void Dispose() => adapter.Dispose();
}
