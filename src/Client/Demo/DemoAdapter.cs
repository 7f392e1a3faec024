using Fcan.Client.Cli;
using Fcan.Client.Connection;
using Fcan.Client.Training;
using Fcan.Client.Views;
using Fcan.Data.Imaging;
using Fcan.Data.Storage;
using Fcan.Engine.Aan;
using Fcan.Engine.Adapter;
using Fcan.Engine.Colour;
using Fcan.Engine.Runtime;
using Fcan.Grains.Client;
using Fcan.Grains.Contracts;

namespace Fcan.Client.Demo;

/// <summary>
/// `fcan demo --method adapter`: a small adapter (8 channels, 2 residual blocks) trained on 64x64 crops of the
/// synthetic half against the loss the demo's AAN conversion used, then the same conversion with it on the same
/// cluster, so the contact sheet shows both. It is trained on the images it converts: a demonstration, not the
/// held-out measurement of EXPERIMENTS.md (scripts/adapter-study.sh).
/// </summary>
public sealed class DemoAdapter(CommandContext ctx, ClusterSession session, AanSettings loss, EngineDevice device, StepTimer timer)
{
    /// <summary>Sized for a minute or two on 2 CPU cores (the adapter's crops ran at 1.4-1.8 crops/s on the shared
    /// VM: 60 steps of 2 crops).</summary>
    public const int Steps = 60;

    public async Task TrainAsync(string poolName, string source, IReadOnlyList<RgbImage> real, int steps, ImageSize size, string folder,
        CancellationToken ct)
    {
        var (pool, style) = await session.Client.GetPoolStatisticsAsync(poolName, ct);
        var side = Math.Min(64, Math.Min(size.Width, size.Height)) / 32 * 32;
        var settings = new AdapterSettings
        {
            Shape = new AdapterShape(Channels: 8, ResidualBlocks: 2),
            Loss = loss with { Init = loss.Init.WithColours(ColourMoments.Of(real)) },
            Steps = steps, Batch = 2, CropWidth = side, CropHeight = side,
        };
        var checkpoints = new AdapterCheckpointStore(BlobStores.Open(folder));
        var origin = new AdapterOrigin(source, pool.Name, pool.Version, pool.StatisticsHash, pool.NetworkId);
        var samples = await TrainingData.OpenSamplesAsync("source", source, "gta5", ct);
        ctx.Output.Note($"training an adapter on {samples.Count} synthetic images: {steps} steps of 2 crops of {side}x{side}");
        await checkpoints.SaveStyleAsync(style, ct);
        await timer.TimeAsync("adapter training", () =>
            LocalAdapterTraining.RunAsync(ctx, device, samples, style, settings, origin, checkpoints, resumed: null, checkpointEvery: 0, ct));
    }

    /// <summary>The AAN job's conversion again with the adapter at <paramref name="folder"/>; its images by item key.</summary>
    public async Task<IReadOnlyDictionary<string, RgbImage>> ConvertAsync(JobSpec aan, string folder, string output, int count,
        CancellationToken ct)
    {
        var file = await new AdapterCheckpointStore(BlobStores.Open(folder)).ReadAdapterFileAsync(ct);
        var spec = aan with
        {
            Settings = aan.Settings with { Method = RenderMethod.Adapter, Adapter = folder, AdapterHash = TrainedAdapter.HashOf(file) },
            Output = output,
        };
        var jobId = FcanClusterClient.NewJobId();
        ctx.Output.Note($"converting {count} synthetic images with the adapter, job {jobId}");
        var status = await timer.TimeAsync("convert (adapter)", async () =>
            await new JobProgressDisplay(ctx.Output).FollowAsync(session.Client, await session.Client.StartJobAsync(jobId, spec, ct), ct));
        if (status.State != JobState.Completed)
            throw new OperationFailedException($"demo job {jobId}: {status.State.ToString().ToLowerInvariant()}{(status.Error is { } e ? $" ({e})" : "")}");
        return await ShardImages.ReadAsync(output, ct);
    }
}
