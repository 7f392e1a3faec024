using Fcan.Data.Storage;
using Fcan.Data.Synthetic;
using Fcan.Engine.Ran.Checkpoints;
using Fcan.Grains.Contracts;
using Fcan.Grains.Rendering;
using Fcan.Grains.Sources;
using Fcan.Grains.Tests.Support;
using Fcan.Grains.Training;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Fcan.Grains.Tests.Training;

/// <summary>
/// Distributed RAN training on three in-process silos, one CPU trainer each (issue 7's second "done when"): one
/// trainer's silo is killed mid-run; the job notices, rolls the two survivors back to the last checkpoint, re-shards
/// the batch over them, finishes, and says so in its status.
/// </summary>
public sealed class DistributedTrainingTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Killing_a_trainers_silo_mid_run_continues_from_the_checkpoint_with_the_survivors()
    {
        await using var cluster = await ConversionCluster.StartAsync((services, _) =>
        {
            services.AddSingleton<IItemRenderer>(new TestRenderer(TimeSpan.Zero));
            services.AddSingleton<IDatasetCatalog, NumberedCatalog>();
            services.AddSingleton<ITrainingNetworks, TinyTrainingNetworks>();
            services.Configure<TrainingOptions>(o => (o.ExchangeTimeout, o.MembershipCheckPeriod) = (TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(1)));
        }, silos: 3);
        var data = SyntheticDataset.Generate(Path.Combine(cluster.Folder, "data"),
            new SyntheticDatasetOptions { SourceImages = 6, TargetImages = 3, Width = 64, Height = 32 });
        var checkpoints = Path.Combine(cluster.Folder, "checkpoints");
        var spec = new TrainingSpec(data.Source, "gta5", data.Target, "cityscapes", checkpoints, TinyTrainingNetworks.Backbone, null,
            Steps: 40, AdversarialSteps: 10, Batch: 6, CropWidth: 32, CropHeight: 32, Seed: 3, CheckpointEvery: 5);
        await WaitForDevicesAsync(cluster, 3);

        var job = cluster.Client.GetGrain<ITrainingJobGrain>("train");
        var started = await job.Start(spec);
        Assert.Equal(3, started.Trainers.Count);
        // A trainer's silo, not the one the job's grain lives on: this test is about losing a trainer.
        var jobSilo = await cluster.Client.GetGrain<IManagementGrain>(0).GetActivationAddress(job);
        var victim = cluster.Cluster.Silos.Skip(1).First(s => !s.SiloAddress.Equals(jobSilo));
        await WaitForAsync(job, s => s.CheckpointStep >= 5 || s.IsFinal);
        await cluster.Cluster.KillSiloAsync(victim);
        var final = await WaitForAsync(job, s => s.IsFinal);
        foreach (var r in final.Restarts)
            output.WriteLine($"restart: generation {r.Generation} at step {r.AtStep} from {r.FromStep}, lost {string.Join(", ", r.Lost)}, {r.Trainers} left: {r.Reason}");
        output.WriteLine($"final: {final.State} step {final.Step}, {final.BytesPerStep} bytes/trainer/step, {final.StepsPerSecond} steps/s");

        Assert.True(final.State == TrainingState.Completed, $"{final.State}: {final.Error}");
        Assert.Equal(50, final.Step);
        var restart = Assert.Single(final.Restarts);
        Assert.Equal([$"{victim.SiloAddress}/cpu"], restart.Lost);
        Assert.Equal(2, restart.Trainers);
        Assert.True(restart.FromStep >= 5 && restart.FromStep % 5 == 0 && restart.FromStep <= restart.AtStep, $"restarted from {restart.FromStep} at {restart.AtStep}");
        Assert.Equal(2, final.Trainers.Count);
        Assert.DoesNotContain(final.Trainers, t => t.StartsWith(victim.SiloAddress.ToString(), StringComparison.Ordinal));
        Assert.True(final.BytesPerStep > 0, "two trainers exchange gradients every step");
        Assert.NotNull(final.Losses?.Adversarial);
        var checkpoint = await new RanCheckpointStore(BlobStores.Open(checkpoints)).RequireAsync(CancellationToken.None);
        Assert.Equal(50, checkpoint.Step);
        Assert.True(double.IsFinite(checkpoint.LastLosses!.Segmentation));
    }

    private static async Task<TrainingStatus> WaitForAsync(ITrainingJobGrain job, Func<TrainingStatus, bool> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var status = await job.GetStatus(timeout.Token);
            if (condition(status)) return status;
            await Task.Delay(20, timeout.Token);
        }
    }

    private static async Task WaitForDevicesAsync(ConversionCluster cluster, int devices)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var status = cluster.Client.GetGrain<IClusterStatusGrain>(0);
        while ((await status.GetStatus(timeout.Token)).Silos.Sum(s => s.Devices.Count) < devices)
            await Task.Delay(100, timeout.Token);
    }
}
