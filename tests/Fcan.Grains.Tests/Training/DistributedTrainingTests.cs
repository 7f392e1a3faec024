using Fcan.Data.Storage;
using Fcan.Data.Synthetic;
using Fcan.Engine.Ran.Checkpoints;
using Fcan.Grains.Contracts;
using Fcan.Grains.Tests.Support;
using Xunit.Abstractions;

namespace Fcan.Grains.Tests.Training;

/// <summary>
/// Distributed RAN training on three in-process silos, one CPU trainer each (issue 7's second "done when"): one
/// trainer's silo is killed mid-run; the job notices, rolls the two survivors back to the last checkpoint, re-shards
/// the batch over them, finishes, and says so in its status.
/// </summary>
public sealed class DistributedTrainingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_a_trainers_silo_mid_run_continues_from_the_checkpoint_with_the_survivors()
    {
        await using var cluster = await TrainingCluster.StartAsync();
        var data = SyntheticDataset.Generate(Path.Combine(cluster.Folder, "data"),
            new SyntheticDatasetOptions { SourceImages = 6, TargetImages = 3, Width = 64, Height = 32 });
        var checkpoints = Path.Combine(cluster.Folder, "checkpoints");
        var spec = new TrainingSpec(data.Source, "gta5", data.Target, "cityscapes", checkpoints, TinyTrainingNetworks.Backbone, null,
            Steps: 40, AdversarialSteps: 10, Batch: 6, CropWidth: 32, CropHeight: 32, Seed: 3, CheckpointEvery: 5);

        var job = cluster.Client.GetGrain<ITrainingJobGrain>("train");
        var started = await job.Start(spec);
        Assert.Equal(3, started.Trainers.Count);
        var victim = await TrainingCluster.KillTrainerSiloAsync(cluster, job, checkpointStep: 5);
        var final = await TrainingCluster.WaitForAsync(job, s => s.IsFinal);
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
}
