using System.Text.Json;
using System.Text.Json.Nodes;
using Fcan.Data.Storage;
using Fcan.Data.Datasets;
using Fcan.Data.Imaging;
using Fcan.Grains.Contracts;

namespace Fcan.Grains.Rendering;

/// <summary>A job's source items as a render session reads them: listed once, loaded (or prefetched on another
/// thread), resized to the job's size with their labels; whatever the method renders them with.</summary>
public sealed class SourceItems(JobSpec spec, IDatasetReader reader)
{
    private Dictionary<string, DatasetItem>? items;
    private (string ItemKey, Task<PreparedItem> Work)? prefetched;
    private PreparedItem? current;

    /// <summary>The item ready to render: kept from an earlier call for it, taken from the prefetch, or prepared now.</summary>
    public PreparedItem Prepared(string itemKey, CancellationToken cancellationToken)
    {
        if (current?.Loaded.Item.Key != itemKey)
            current = TakePrefetched(itemKey) ?? Prepare(Find(itemKey, cancellationToken), cancellationToken);
        return current;
    }

    /// <summary>Items a session renders in one pass with <paramref name="itemKey"/>'s, prepared side by side on the thread
    /// pool: beside a one-pass render, reading, decoding and resizing are much of an item's cost. Null for an item that
    /// failed to load; its own <see cref="Prepared"/> reports the failure.</summary>
    public PreparedItem?[] PreparedTogether(IReadOnlyList<string> itemKeys, CancellationToken cancellationToken)
    {
        // Looked up here, not on the pool: the listing is this thread's.
        var work = itemKeys.Select(key => Attempt(() => TakePrefetched(key)) is { } done
                ? Task.FromResult<PreparedItem?>(done)
                : Attempt(() => Find(key, cancellationToken)) is { } item
                    ? Task.Run(() => Attempt(() => Prepare(item, cancellationToken)), cancellationToken)
                    : Task.FromResult<PreparedItem?>(null))
            .ToArray();
        return Task.WhenAll(work).GetAwaiter().GetResult();

        static T? Attempt<T>(Func<T?> step) where T : class
        {
            try
            {
                return step();
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                return null;
            }
        }
    }

    public void Prefetch(string itemKey, CancellationToken cancellationToken)
    {
        // An unknown key fails when its render asks for it, with the usual message.
        if (!Items(cancellationToken).TryGetValue(itemKey, out var item)) return;
        prefetched = (itemKey, Task.Run(() => Prepare(item, cancellationToken), cancellationToken));
    }

    /// <summary>The prefetched item when it is <paramref name="itemKey"/>; its failure is rethrown as is.</summary>
    private PreparedItem? TakePrefetched(string itemKey)
    {
        if (prefetched is not { } next || next.ItemKey != itemKey) return null;
        prefetched = null;
        return next.Work.GetAwaiter().GetResult();
    }

    /// <summary>Reads, decodes and resizes an item: everything before the render that needs no device.</summary>
    private PreparedItem Prepare(DatasetItem item, CancellationToken cancellationToken)
    {
        var loaded = Load(item, cancellationToken);
        var (source, labelPng) = Resized(loaded);
        return new PreparedItem(loaded, source, labelPng);
    }

    /// <summary>What an item's output is stored as, whatever the method: the adapted PNG, the label map when the
    /// source has one, and the .json: the source, sizes, pool, method, dataset and resampler every method records,
    /// then <paramref name="methodValues"/> (how this method made it).</summary>
    public IReadOnlyList<RenderedMember> Members(PreparedItem item, RgbImage adapted, PoolInfo pool, object methodValues)
    {
        var json = new JsonObject
        {
            ["source"] = item.Loaded.Item.ImageName,
            ["sourceSha256"] = item.Loaded.Sha256,
            ["sourceWidth"] = item.Loaded.Image.Width,
            ["sourceHeight"] = item.Loaded.Image.Height,
            ["width"] = adapted.Width,
            ["height"] = adapted.Height,
            ["pool"] = pool.Name,
            ["poolVersion"] = pool.Version,
            ["method"] = spec.Settings.Method.ToString().ToLowerInvariant(),
            ["sourceDataset"] = spec.Source,
            ["layout"] = spec.Layout,
            ["resampler"] = spec.Settings.Size is null ? null : ImageResizer.Resampler,
        };
        var own = JsonSerializer.SerializeToNode(methodValues)!.AsObject();
        foreach (var key in own.Select(pair => pair.Key).ToList())
        {
            var value = own[key];
            own.Remove(key);
            json[key] = value;
        }
        List<RenderedMember> members = [new("png", ImageCodec.EncodePng(adapted)), new("json", JsonSerializer.SerializeToUtf8Bytes(json))];
        if (item.LabelPng is not null) members.Insert(1, new RenderedMember("label.png", item.LabelPng));
        return members;
    }

    /// <summary>The item by key. The session's listing may be older than the lease (or was taken while the source
    /// was unavailable), so a key it lacks is looked up in a fresh listing before the item is called gone; a source
    /// that lists nothing at all is unavailable, not empty of this item, and the attempt is an outage.</summary>
    private DatasetItem Find(string itemKey, CancellationToken cancellationToken)
    {
        if (Items(cancellationToken).TryGetValue(itemKey, out var item)) return item;
        items = null;
        if (Items(cancellationToken).TryGetValue(itemKey, out item)) return item;
        if (items!.Count == 0) throw new StorageException($"{spec.Source}: lists no items (missing or not mounted?)");
        throw new RenderFailedException($"item '{itemKey}': no longer in {spec.Source}", retryable: false);
    }

    // Leases carry keys only; the file names come from one listing per session (names only, cheap).
    private Dictionary<string, DatasetItem> Items(CancellationToken cancellationToken) =>
        items ??= reader.ListAsync(cancellationToken).ToBlockingEnumerable(cancellationToken).ToDictionary(i => i.Key);

    private LoadedItem Load(DatasetItem item, CancellationToken cancellationToken)
    {
        try
        {
            return reader.LoadAsync(item, cancellationToken).GetAwaiter().GetResult();
        }
        catch (DatasetItemException error)
        {
            throw new RenderFailedException($"item '{item.Key}': {error.Reason}", retryable: false);
        }
    }

    private (RgbImage Source, byte[]? LabelPng) Resized(LoadedItem loaded)
    {
        if (spec.Settings.Size is not { } size) return (loaded.Image, loaded.LabelPng);
        var image = ImageResizer.Antialiased(loaded.Image, size.Width, size.Height);
        if (loaded.TrainIds is null) return (image, null);
        var ids = ImageResizer.Nearest(loaded.TrainIds, loaded.Image.Width, loaded.Image.Height, size.Width, size.Height);
        return (image, ImageCodec.EncodeGrayPng(size.Width, size.Height, ids));
    }
}

/// <summary>An item loaded and resized for rendering; <paramref name="LabelPng"/> at the source's new size.</summary>
public sealed record PreparedItem(LoadedItem Loaded, RgbImage Source, byte[]? LabelPng);
