using Fcan.Data.Shards;
using Fcan.Data.Storage;
using Fcan.Grains.Contracts;
using Fcan.Grains.Hosting;
using Fcan.Grains.Jobs;
using Fcan.Grains.Persistence;
using Fcan.Grains.Rendering;
using Fcan.Grains.Sources;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Fcan.Grains.Tests.Support;

/// <summary>An in-process cluster of silos with one "cpu" worker each, sharing one renderer, a grain state folder
/// and an output folder.</summary>
public sealed class ConversionCluster : IAsyncDisposable
{
    private readonly string folder;
    private readonly bool ownsFolder;

    private ConversionCluster(InProcessTestCluster cluster, string folder, bool ownsFolder)
    {
        Cluster = cluster;
        this.folder = folder;
        this.ownsFolder = ownsFolder;
    }

    public InProcessTestCluster Cluster { get; }
    public IClusterClient Client => Cluster.Client;
    public string Folder => folder;
    public string Output => Path.Combine(folder, "out");
    public IBlobStore OutputStore => BlobStores.Open(Output);

    /// <summary>A cluster whose workers use <paramref name="renderer"/> over <see cref="NumberedCatalog"/> sources.</summary>
    /// <param name="renderer">Shared by every silo's worker.</param>
    /// <param name="silos">How many silos.</param>
    /// <param name="leaseDuration">How long a lease lasts unrenewed.</param>
    /// <param name="grainStorage">Registers <see cref="GrainStorageNames.Fcan"/>; by default files in the cluster's folder.</param>
    /// <param name="folder">Grain state and output folder of an earlier cluster to continue from; null for a new one.</param>
    /// <param name="fileReminders">Keep reminders in a file in the cluster's folder (as the embedded silo does), so
    /// they survive a restart; by default they live in memory.</param>
    /// <param name="faults">Wraps the default file storage (to inject faults into it).</param>
    public static Task<ConversionCluster> StartAsync(IItemRenderer renderer, int silos = 3,
        TimeSpan? leaseDuration = null, Action<ISiloBuilder>? grainStorage = null, string? folder = null,
        bool fileReminders = false, Func<IGrainStorage, IGrainStorage>? faults = null) =>
        StartAsync((services, _) =>
        {
            services.AddSingleton(renderer);
            services.AddSingleton<IDatasetCatalog, NumberedCatalog>();
        }, silos, leaseDuration, grainStorage, folder, fileReminders, faults);

    /// <summary>A cluster whose rendering services <paramref name="addRendering"/> registers, given the cluster's folder.</summary>
    public static async Task<ConversionCluster> StartAsync(Action<IServiceCollection, string> addRendering, int silos = 3,
        TimeSpan? leaseDuration = null, Action<ISiloBuilder>? grainStorage = null, string? folder = null,
        bool fileReminders = false, Func<IGrainStorage, IGrainStorage>? faults = null)
    {
        var ownsFolder = folder is null;
        folder ??= Directory.CreateTempSubdirectory("fcan-grains-").FullName;
        // Grain state in files that every silo shares: it must outlive a killed silo, which memory storage does not.
        var stateFolder = Path.Combine(folder, "state");
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.ConfigureSilo((_, silo) =>
        {
            if (grainStorage is not null) grainStorage(silo);
            else if (faults is null) silo.AddFileGrainStorage(GrainStorageNames.Fcan, stateFolder);
            else silo.Services.AddGrainStorage(GrainStorageNames.Fcan, (services, _) =>
                faults(new FileGrainStorage(stateFolder, services.GetRequiredService<Serializer>())));
            if (fileReminders)
            {
                silo.AddReminders();
                silo.Services.AddSingleton<IReminderTable>(services =>
                    new FileReminderTable(Path.Combine(stateFolder, "reminders.bin"), services.GetRequiredService<Serializer>()));
            }
            else silo.UseInMemoryReminderService();
            // Schedules fire within a test's patience; production keeps Orleans' one-minute floor.
            silo.Services.Configure<ReminderOptions>(reminders => reminders.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            silo.AddFcanWorkers(workers =>
            {
                workers.Devices = ["cpu"];
                workers.LeaseDuration = leaseDuration ?? TimeSpan.FromSeconds(30);
                workers.IdleDelay = TimeSpan.FromMilliseconds(50);
            });
            // Polls, reloads and retries within a test's patience.
            silo.Services.Configure<JobTimingOptions>(timings =>
            {
                timings.PollInterval = TimeSpan.FromMilliseconds(100);
                timings.ReloadInterval = TimeSpan.FromSeconds(2);
                timings.RetryDelay = TimeSpan.FromMilliseconds(100);
                timings.MaxRetryDelay = TimeSpan.FromSeconds(1);
            });
            addRendering(silo.Services, folder);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new ConversionCluster(cluster, folder, ownsFolder);
    }

    public JobSpec Spec(int items, int shardSize, int maxAttempts = 3) =>
        new(NumberedCatalog.Source(items), "folder", "test-pool", 1, RenderSettings.Default, Output,
            ShardSize: shardSize, MaxAttempts: maxAttempts);


    public IConversionJobGrain Job(string jobId) => Client.GetGrain<IConversionJobGrain>(jobId);

    /// <summary>Follows the job's progress stream until the job is final.</summary>
    public async Task<JobStatus> WaitUntilFinalAsync(string jobId, TimeSpan timeout, Action<JobStatus>? onProgress = null)
    {
        using var cancel = new CancellationTokenSource(timeout);
        JobStatus? last = null;
        await foreach (var status in Job(jobId).WatchProgress(TimeSpan.FromMilliseconds(100), cancel.Token))
        {
            onProgress?.Invoke(status);
            last = status;
        }
        return last!;
    }

    /// <summary>Polls the job's status until <paramref name="condition"/> holds.</summary>
    public async Task<JobStatus> WaitForAsync(string jobId, Func<JobStatus, bool> condition, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            var status = await Job(jobId).GetStatus(cancel.Token);
            if (condition(status)) return status;
            await Task.Delay(50, cancel.Token);
        }
    }

    /// <summary>Verifies the manifest and every shard's checksum, and returns each sample with its shard, in order.</summary>
    public async Task<IReadOnlyList<(string Shard, ShardSample Sample)>> ReadShardsAsync()
    {
        await ShardReader.VerifyAsync(OutputStore, CancellationToken.None);
        var samples = new List<(string, ShardSample)>();
        foreach (var shard in await ShardReader.ReadManifestAsync(OutputStore, CancellationToken.None))
            await foreach (var sample in ShardReader.ReadSamplesAsync(OutputStore, shard, CancellationToken.None))
                samples.Add((shard.Name, sample));
        return samples;
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        if (ownsFolder) Directory.Delete(folder, recursive: true);
    }
}
