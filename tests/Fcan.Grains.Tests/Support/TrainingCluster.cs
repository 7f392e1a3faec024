using Fcan.Grains.Contracts;
using Fcan.Grains.Rendering;
using Fcan.Grains.Sources;
using Fcan.Grains.Training;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Fcan.Grains.Tests.Support;

/// <summary>Three in-process silos for distributed training, one CPU trainer each (RAN's tiny network), that notice a
/// lost trainer within seconds; and what the training tests do with them.</summary>
public static class TrainingCluster
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    /// <summary>The cluster once every silo has reported its device.</summary>
    public static async Task<ConversionCluster> StartAsync()
    {
        var cluster = await ConversionCluster.StartAsync((services, _) =>
        {
            services.AddSingleton<IItemRenderer>(new TestRenderer(TimeSpan.Zero));
            services.AddSingleton<IDatasetCatalog, NumberedCatalog>();
            services.AddSingleton<ITrainingNetworks, TinyTrainingNetworks>();
            services.Configure<TrainingOptions>(o => (o.ExchangeTimeout, o.MembershipCheckPeriod) = (TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(1)));
        }, silos: 3);
        using var timeout = new CancellationTokenSource(Patience);
        var status = cluster.Client.GetGrain<IClusterStatusGrain>(0);
        while ((await status.GetStatus(timeout.Token)).Silos.Sum(s => s.Devices.Count) < 3)
            await Task.Delay(100, timeout.Token);
        return cluster;
    }

    /// <summary>Kills the silo of a trainer, not the one the job's grain lives on (the tests are about losing a
    /// trainer), once the job has a checkpoint at <paramref name="checkpointStep"/> or later.</summary>
    public static async Task<InProcessSiloHandle> KillTrainerSiloAsync(ConversionCluster cluster, ITrainingJobGrain job, int checkpointStep)
    {
        var jobSilo = await cluster.Client.GetGrain<IManagementGrain>(0).GetActivationAddress(job);
        var victim = cluster.Cluster.Silos.Skip(1).First(s => !s.SiloAddress.Equals(jobSilo));
        await WaitForAsync(job, s => s.CheckpointStep >= checkpointStep || s.IsFinal);
        await cluster.Cluster.KillSiloAsync(victim);
        return victim;
    }

    public static async Task<TrainingStatus> WaitForAsync(ITrainingJobGrain job, Func<TrainingStatus, bool> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var status = await job.GetStatus(timeout.Token);
            if (condition(status)) return status;
            await Task.Delay(20, timeout.Token);
        }
    }
}
