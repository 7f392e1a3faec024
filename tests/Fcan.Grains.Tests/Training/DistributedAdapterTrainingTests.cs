using Fcan.Data.Datasets;
using Fcan.Data.Storage;
using Fcan.Data.Synthetic;
using Fcan.Engine.Aan;
using Fcan.Engine.Adapter;
using Fcan.Engine.Imaging;
using Fcan.Engine.Networks;
using Fcan.Engine.Ran.Samples;
using Fcan.Engine.Runtime;
using Fcan.Engine.Style;
using Fcan.Grains.Contracts;
using Fcan.Grains.Tests.Support;
using Xunit.Abstractions;

namespace Fcan.Grains.Tests.Training;

/// <summary>
/// An adapter's data-parallel training on three in-process silos, one CPU trainer each (issue 16's third "done when"):
/// the trainers' averaged gradients and shared Adam step give the adapter that one process gives with the same global
/// batch and seed, also when a trainer's silo is killed mid-run and the survivors continue from the last checkpoint.
/// A tiny adapter on 32x32 crops of the synthetic mini dataset; the loss's network is the packaged ResNet-18.
/// </summary>
public sealed class DistributedAdapterTrainingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Three_trainers_train_the_adapter_one_process_trains_with_the_same_global_batch()
    {
        await using var cluster = await TrainingCluster.StartAsync();
        var run = await AdapterRun.PrepareAsync(cluster.Folder, steps: 6, checkpointEvery: 3);

        var job = cluster.Client.GetGrain<ITrainingJobGrain>("adapter");
        var started = await job.Start(run.Spec);
        Assert.Equal(3, started.Trainers.Count);
        var final = await TrainingCluster.WaitForAsync(job, s => s.IsFinal);
        output.WriteLine($"final: {final.State} step {final.Step}, loss {final.Losses?.Total}, {final.BytesPerStep} bytes/trainer/step");

        Assert.True(final.State == TrainingState.Completed, $"{final.State}: {final.Error}");
        Assert.Equal(run.Spec.Steps, final.Step);
        Assert.Empty(final.Restarts);
        Assert.True(final.BytesPerStep > 0, "three trainers exchange gradients every step");
        Assert.True(final.Losses?.Total is > 0 && final.Losses.Segmentation is null, $"losses {final.Losses}");
        await run.AssertMatchesOneProcessAsync(output);
    }

    [Fact]
    public async Task Killing_a_trainers_silo_mid_run_continues_from_the_checkpoint_to_the_same_adapter()
    {
        await using var cluster = await TrainingCluster.StartAsync();
        var run = await AdapterRun.PrepareAsync(cluster.Folder, steps: 12, checkpointEvery: 3);

        var job = cluster.Client.GetGrain<ITrainingJobGrain>("adapter");
        Assert.Equal(3, (await job.Start(run.Spec)).Trainers.Count);
        var victim = await TrainingCluster.KillTrainerSiloAsync(cluster, job, checkpointStep: 3);
        var final = await TrainingCluster.WaitForAsync(job, s => s.IsFinal);
        foreach (var r in final.Restarts)
            output.WriteLine($"restart: generation {r.Generation} at step {r.AtStep} from {r.FromStep}, lost {string.Join(", ", r.Lost)}, {r.Trainers} left: {r.Reason}");

        Assert.True(final.State == TrainingState.Completed, $"{final.State}: {final.Error}");
        Assert.Equal(run.Spec.Steps, final.Step);
        var restart = Assert.Single(final.Restarts);
        Assert.Equal([$"{victim.SiloAddress}/cpu"], restart.Lost);
        Assert.Equal(2, restart.Trainers);
        Assert.True(restart.FromStep >= 3 && restart.FromStep % 3 == 0 && restart.FromStep <= restart.AtStep, $"restarted from {restart.FromStep} at {restart.AtStep}");
        await run.AssertMatchesOneProcessAsync(output);
    }

    /// <summary>An adapter training's data, pool statistics (written beside the checkpoints, as the client does) and
    /// job spec, and the same training in this process to compare with.</summary>
    private sealed class AdapterRun(AdapterSettings settings, AdapterOrigin origin, StyleStatistics style, string source, TrainingSpec spec)
    {
        public TrainingSpec Spec => spec;

        public static async Task<AdapterRun> PrepareAsync(string folder, int steps, int checkpointEvery)
        {
            var data = SyntheticDataset.Generate(Path.Combine(folder, "data"),
                new SyntheticDatasetOptions { SourceImages = 6, TargetImages = 3, Width = 64, Height = 32 });
            var target = await OpenAsync(data.Target, DatasetLayout.Cityscapes);
            var pool = new StylePoolBuilder(Features);
            for (var i = 0; i < target.Count; i++) pool.Add(target.Load(i, CancellationToken.None).Image);
            var style = pool.Build();
            var settings = new AdapterSettings
            {
                Shape = new AdapterShape(Channels: 4, Downsamplings: 1, ResidualBlocks: 1),
                Loss = AanSettings.Paper with { Alpha = 1e-3 },
                Steps = steps, Batch = 6, CropWidth = 32, CropHeight = 32, LearningRate = 1e-3, Seed = 5,
            };
            var origin = new AdapterOrigin(data.Source, "tiny", 1, style.ContentHash, Features.Id);
            var output = Path.Combine(folder, "adapter");
            await new AdapterCheckpointStore(BlobStores.Open(output)).SaveStyleAsync(style, CancellationToken.None);
            return new AdapterRun(settings, origin, style, data.Source,
                AdapterTrainingSpec.Job(settings, origin, "gta5", output, "fp32", checkpointEvery, maxTrainers: 0));
        }

        private static Task<DatasetSampleSource> OpenAsync(string folder, DatasetLayout layout) =>
            DatasetSampleSource.OpenAsync(folder, DatasetReaders.Open(BlobStores.Open(folder), layout), CancellationToken.None);

        private static FeatureNetwork Features { get; } = FeatureNetworks.LoadResNet18(EngineDevice.Cpu);

        /// <summary>The cluster's adapter adapts the training images as the adapter of one trainer with the whole
        /// batch does, within float tolerance: under half a level of 0..255 (what 8-bit output rounds away) where
        /// training moved pixels by many levels. The trainers sum their shares' gradients in another order than one
        /// process does, and Adam's normalised steps let that float noise grow from step to step (about 0.001 levels
        /// after 6 steps, 0.1 after 12 here). Weights are not compared one by one: a convolution's bias before instance
        /// normalisation gets no gradient but that noise, which Adam turns into drift that changes nothing the adapter does.</summary>
        public async Task AssertMatchesOneProcessAsync(ITestOutputHelper output)
        {
            var cluster = new AdapterCheckpointStore(BlobStores.Open(spec.Checkpoints));
            var checkpoint = await cluster.RequireAsync(CancellationToken.None);
            Assert.Equal(settings.Steps, checkpoint.Step);
            Assert.Equal(origin, checkpoint.Origin);

            var samples = await OpenAsync(source, DatasetLayout.Gta5);
            var local = new AdapterCheckpointStore(BlobStores.Open(Path.Combine(Path.GetDirectoryName(spec.Checkpoints)!, "one-process")));
            using (var trainer = AdapterTrainer.Create(Features, style, settings))
                new AdapterTraining(trainer, new AdapterCrops(samples, settings), local, origin, checkpointEvery: 0).Run(null, CancellationToken.None);

            using var expected = TrainedAdapter.Read(await local.ReadAdapterFileAsync(CancellationToken.None), EngineDevice.Cpu);
            using var actual = TrainedAdapter.Read(await cluster.ReadAdapterFileAsync(CancellationToken.None), EngineDevice.Cpu);
            Assert.Equal(settings.Steps, actual.Description.Step);
            var images = Enumerable.Range(0, samples.Count).Select(i => PlanarImage.FromRgb(samples.Load(i, CancellationToken.None).Image)).ToList();
            var (want, got) = (expected.Adapt(images), actual.Adapt(images));
            var moved = images.Zip(want).Max(p => MaxDifference(p.First, p.Second));
            var differs = want.Zip(got).Max(p => MaxDifference(p.First, p.Second));
            output.WriteLine($"training moved pixels by up to {moved:0.###}; the two adapters differ by up to {differs:0.#####}");
            Assert.True(moved > 5, $"training must move the pixels for the comparison to mean anything (moved {moved})");
            Assert.True(differs < 0.5, $"the cluster's adapter differs from one process's by {differs} levels");
        }

        private static double MaxDifference(PlanarImage a, PlanarImage b) => a.Planes.Zip(b.Planes).Max(p => Math.Abs(p.First - p.Second));
    }
}
