using Fcan.Engine.Networks;
using Fcan.Engine.Runtime;
using Fcan.Engine.Style;
using Fcan.Grains.Contracts;
using Fcan.Grains.Storage;
using Fcan.Grains.Workers;
using Microsoft.Extensions.Options;
using Orleans.Placement;

namespace Fcan.Grains.Pools;

/// <summary>One chunk of a pool's statistics, computed on a dedicated thread of the silo it landed on (feature
/// extraction takes seconds and TorchSharp scopes are per thread), with the silo's first device.</summary>
[RandomPlacement]
public sealed class StyleStatisticsGrain(BlobStoreCache stores, IOptions<DeviceWorkerOptions> devices)
    : Grain, IStyleStatisticsGrain
{
    public async Task<byte[]> Compute(IReadOnlyList<string> images, ImageSize? size, CancellationToken cancellationToken)
    {
        var loaded = await Task.WhenAll(images.Select(uri => PoolImages.LoadAsync(stores, uri, size, cancellationToken)));
        var device = EngineDevice.Parse(devices.Value.Devices.FirstOrDefault() ?? "cpu");
        using var thread = new RenderThread("fcan-statistics");
        return await thread.RunAsync(() =>
        {
            TorchRuntime.Ensure(device);
            using var network = FeatureNetworks.LoadResNet18(device);
            var builder = new StylePoolBuilder(network);
            foreach (var image in loaded)
            {
                cancellationToken.ThrowIfCancellationRequested();
                builder.Add(image);
            }
            var bytes = new MemoryStream();
            builder.Build().WriteTo(bytes);
            return bytes.ToArray();
        });
    }
}
