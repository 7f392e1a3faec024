using Fcan.Grains.Contracts;
using Fcan.Grains.Hosting;
using Fcan.Grains.Persistence;
using Fcan.Grains.Rendering;
using Fcan.Grains.Shards;
using Fcan.Grains.Sources;
using Fcan.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Fcan.Grains.Tests.Support;

/// <summary>An in-process cluster of silos with one "cpu" worker each, sharing one renderer and one set of stores.</summary>
public sealed class ConversionCluster : IAsyncDisposable
{
    public const string Output = "mem://out";

    private readonly string stateFolder;

    private ConversionCluster(InProcessTestCluster cluster, InMemoryBlobStores stores, string stateFolder)
    {
        Cluster = cluster;
        Stores = stores;
        this.stateFolder = stateFolder;
    }

    public InProcessTestCluster Cluster { get; }
    public InMemoryBlobStores Stores { get; }
    public IClusterClient Client => Cluster.Client;
    public InMemoryBlobStore OutputStore => Stores.Get(Output);

    public static async Task<ConversionCluster> StartAsync(IItemRenderer renderer, int silos = 3,
        TimeSpan? leaseDuration = null)
    {
        var stores = new InMemoryBlobStores();
        // Grain state in files that every silo shares: it must outlive a killed silo, which memory storage does not.
        var stateFolder = Directory.CreateTempSubdirectory("fcan-grains-").FullName;
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddFileGrainStorage(GrainStorageNames.Fcan, stateFolder).UseInMemoryReminderService();
            silo.AddFcanWorkers(workers =>
            {
                workers.Devices = ["cpu"];
                workers.LeaseDuration = leaseDuration ?? TimeSpan.FromSeconds(30);
                workers.IdleDelay = TimeSpan.FromMilliseconds(50);
            });
            silo.Services.AddSingleton(renderer);
            silo.Services.AddSingleton<IBlobStoreResolver>(stores);
            silo.Services.AddSingleton<IDatasetCatalog, NumberedCatalog>();
            silo.Services.AddSingleton<IShardSink, TarShardSink>();
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new ConversionCluster(cluster, stores, stateFolder);
    }

    public static JobSpec Spec(int items, int shardSize, int maxAttempts = 3) =>
        new(NumberedCatalog.Source(items), "folder", "test-pool", 1, RenderSettings.Default, Output,
            ShardSize: shardSize, MaxAttempts: maxAttempts);

    public IConversionJobGrain Job(string jobId) => Client.GetGrain<IConversionJobGrain>(jobId);

    /// <summary>Follows the job's progress stream until the job is final.</summary>
    public async Task<JobStatus> WaitUntilFinalAsync(string jobId, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        JobStatus? last = null;
        await foreach (var status in Job(jobId).WatchProgress(TimeSpan.FromMilliseconds(100), cancel.Token))
            last = status;
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

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        Directory.Delete(stateFolder, recursive: true);
    }
}
