using Fcan.Data.Storage;
using Fcan.Engine.Ran;
using Fcan.Engine.Ran.Checkpoints;
using static TorchSharp.torch;

namespace Fcan.Engine.Tests.Ran;

/// <summary>RAN training on the tiny network and the synthetic mini dataset, on CPU.</summary>
public sealed class RanTrainerTests : IDisposable
{
    private readonly TinyRan ran = new();

    public void Dispose() => ran.Dispose();

    [Fact]
    public void AShortSourceOnlyRunLowersTheLossOnItsData()
    {
        var settings = TinyRan.Settings(steps: 25, adversarialSteps: 0) with { LearningRate = 1e-2 };
        using var trainer = TinyRan.Trainer(settings);
        var sampler = ran.Sampler(settings);
        double Loss()
        {
            using var scope = NewDisposeScope();
            using var batch = sampler.Batch(0, RanStage.SourceOnly, CPU, default);
            using var gradients = trainer.ComputeGradients(batch);
            return gradients.Losses.Segmentation;
        }

        var before = Loss();
        var checkpoints = new RanCheckpointStore(new LocalBlobStore(Path.Combine(ran.Folder, "ckpt")));
        new RanTraining(trainer, sampler, checkpoints, "source", "target", checkpointEvery: 0).Run(null, default);
        var after = Loss();

        Assert.True(after < 0.8 * before, $"loss {before} -> {after}");
    }

    [Fact]
    public async Task ResumingFromACheckpointContinuesBitIdentically()
    {
        var settings = TinyRan.Settings(steps: 3, adversarialSteps: 3);

        using var straight = TinyRan.Trainer(settings);
        var straightLosses = new List<RanLosses>();
        new RanTraining(straight, ran.Sampler(settings), Store("straight"), "source", "target", checkpointEvery: 0)
            .Run(p => straightLosses.Add(p.Losses), default);

        // Cancelled after step 4 (the first adversarial one): the run checkpoints step 4 before it stops.
        var store = Store("interrupted");
        using (var interrupted = TinyRan.Trainer(settings))
        using (var stop = new CancellationTokenSource())
        {
            Assert.Throws<OperationCanceledException>(() =>
                new RanTraining(interrupted, ran.Sampler(settings), store, "source", "target", checkpointEvery: 0)
                    .Run(p => { if (p.Step == 4) stop.Cancel(); }, stop.Token));
        }
        var checkpoint = await store.RequireAsync(default);
        Assert.Equal(4, checkpoint.Step);
        Assert.Equal(settings, checkpoint.Settings);

        using var resumed = TinyRan.Trainer(checkpoint.Settings with { });
        var tensors = await store.ReadTensorsAsync(checkpoint, default);
        resumed.LoadState(tensors, checkpoint.Step);
        foreach (var tensor in tensors.Values) tensor.Dispose();
        var resumedLosses = new List<RanLosses>();
        new RanTraining(resumed, ran.Sampler(settings), store, "source", "target", checkpointEvery: 2)
            .Run(p => resumedLosses.Add(p.Losses), default);

        Assert.Equal(straightLosses[4..], resumedLosses);
        var expected = straight.StateTensors();
        var actual = resumed.StateTensors();
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, tensor) in expected)
            Assert.True(tensor.equal(actual[name]).all().item<bool>(), $"{name} differs after resuming");
        Assert.True(straightLosses[^1].Discriminator is > 0);
    }

    /// <summary>Data-parallel trainers must start from the same weights. Another draw from torch's process-wide
    /// generator between a trainer's seeding and its head's creation (another trainer of an in-process cluster loading
    /// its network) used to give that trainer another head and discriminator.</summary>
    [Fact]
    public void TheSameSeedGivesTheSameStartingWeightsWhateverElseDrawsFromTorchsGenerator()
    {
        var settings = TinyRan.Settings(steps: 1, adversarialSteps: 1);
        using var first = TinyRan.Trainer(settings);
        using var second = RanTrainer.Create(() =>
        {
            using var elsewhere = rand(1000); // someone else's draw, after the seeding
            return TinyRan.Network();
        }, settings, Fcan.Engine.Runtime.EngineDevice.Cpu);

        var expected = first.StateTensors();
        var actual = second.StateTensors();
        // The tiny test backbone is random too, from torch's generator; a real one is loaded from its weights.
        foreach (var (name, tensor) in expected.Where(entry => entry.Key.Contains("head.") || entry.Key.StartsWith("discriminator.")))
            Assert.True(tensor.equal(actual[name]).all().item<bool>(), $"{name} differs");
    }

    [Fact]
    public void ACheckpointOfAnotherShapeIsRejectedByName()
    {
        var settings = TinyRan.Settings(steps: 1, adversarialSteps: 0);
        using var trainer = TinyRan.Trainer(settings);
        var tensors = trainer.StateTensors();
        tensors.Remove("discriminator.score.bias");
        var error = Assert.Throws<ArgumentException>(() => trainer.LoadState(tensors, 0));
        Assert.Contains("discriminator.score.bias", error.Message);
    }

    private RanCheckpointStore Store(string name) => new(new LocalBlobStore(Path.Combine(ran.Folder, name)));
}
