using Fcan.Data.Datasets;
using Fcan.Engine.Ran.Distributed;
using Fcan.Engine.Ran;
using TorchSharp;
using static TorchSharp.torch;

namespace Fcan.Engine.Tests.Ran.Distributed;

/// <summary>
/// The math of data-parallel RAN training (issue 7's first "done when"): N trainers with b samples each, averaging
/// their gradients every step through the ring, end with the parameters of one trainer with N*b samples a step.
/// The backbone's BatchNorm is frozen, so samples don't interact inside a batch. The losses are means (the
/// cross-entropy over a batch's labeled pixels, the adversarial ones over every position), so weighting each
/// trainer's mean by its share of the batch gives the big batch's mean exactly when every pixel is labeled: the mini
/// dataset's labels have no ignored pixels, which the test checks rather than assumes.
/// </summary>
public sealed class DataParallelEquivalenceTests : IDisposable
{
    private const int Trainers = 3;
    private const int SamplesEach = 2;

    private readonly TinyRan ran = new();

    public void Dispose() => ran.Dispose();

    [Fact]
    public void Three_trainers_with_batch_2_end_where_one_trainer_with_batch_6_ends()
    {
        // Two source-only steps, then two adversarial ones (the discriminator's gradients travel too).
        var settings = TinyRan.Settings(steps: 2, adversarialSteps: 2) with { Batch = Trainers * SamplesEach, LearningRate = 1e-2 };
        using var single = TinyRan.Trainer(settings);
        var singleSampler = ran.Sampler(settings);
        for (var step = 0; step < settings.TotalSteps; step++)
        {
            using var scope = NewDisposeScope();
            using var batch = singleSampler.Batch(step, single.Stage, CPU, default);
            using Scalar ignore = CityscapesLabels.Ignore;
            Assert.False(batch.SourceLabels.eq(ignore).any().item<bool>(), $"step {step} has ignored pixels");
            single.TrainStep(batch);
        }

        var trainers = Enumerable.Range(0, Trainers).Select(rank => new DataParallelTrainer(TinyRan.Trainer(settings),
            ran.Sampler(settings), BatchShare.For(rank, Trainers, settings.Batch), SyncMode.AllReduce)).ToList();
        try
        {
            for (var step = 0; step < settings.TotalSteps; step++)
            {
                var buffers = trainers.Select(t => t.Begin(default).Exchange!).ToList();
                LockstepRing.AllReduce(buffers, WireFormat.Fp32);
                for (var rank = 0; rank < Trainers; rank++) trainers[rank].Complete(buffers[rank]);
            }

            using var expected = single.NetworkParameters.Values();
            using var expectedDiscriminator = single.DiscriminatorParameters.Values();
            using var untrained = TinyRan.Trainer(settings);
            using var initial = untrained.NetworkParameters.Values();
            Assert.True((expected - initial).abs().max().item<float>() > 1e-3, "training must move the parameters for the comparison to mean anything");
            foreach (var trainer in trainers)
            {
                Assert.Equal(settings.TotalSteps, trainer.Trainer.Step);
                using var actual = trainer.Trainer.NetworkParameters.Values();
                using var actualDiscriminator = trainer.Trainer.DiscriminatorParameters.Values();
                Assert.True(actual.allclose(expected, rtol: 1e-4, atol: 1e-6), $"network differs by {(actual - expected).abs().max().item<float>()}");
                Assert.True(actualDiscriminator.allclose(expectedDiscriminator, rtol: 1e-4, atol: 1e-6),
                    $"discriminator differs by {(actualDiscriminator - expectedDiscriminator).abs().max().item<float>()}");
            }
        }
        finally
        {
            foreach (var trainer in trainers) trainer.Trainer.Dispose();
        }
    }

    [Fact]
    public void Local_sgd_exchanges_parameters_only_every_K_steps_and_ends_with_one_model()
    {
        var settings = TinyRan.Settings(steps: 3, adversarialSteps: 0) with { Batch = 4 };
        var sync = SyncMode.Parse("local-sgd:2");
        var trainers = Enumerable.Range(0, 2).Select(rank => new DataParallelTrainer(TinyRan.Trainer(settings),
            ran.Sampler(settings), BatchShare.For(rank, 2, settings.Batch), sync)).ToList();
        try
        {
            var exchanged = new List<int>();
            for (var step = 0; step < settings.TotalSteps; step++)
            {
                var parts = trainers.Select(t => t.Begin(default)).ToList();
                if (parts[0].Exchange is null) continue;
                exchanged.Add(step);
                var buffers = parts.Select(p => p.Exchange!).ToList();
                LockstepRing.AllReduce(buffers, WireFormat.Bf16);
                for (var rank = 0; rank < 2; rank++) trainers[rank].Complete(buffers[rank]);
            }

            Assert.Equal([1, 2], exchanged);
            using var first = trainers[0].Trainer.NetworkParameters.Values();
            using var second = trainers[1].Trainer.NetworkParameters.Values();
            Assert.True(first.equal(second).all().item<bool>(), "after the last averaging both trainers hold the same model");
        }
        finally
        {
            foreach (var trainer in trainers) trainer.Trainer.Dispose();
        }
    }
}
