using Fcan.Engine.Aan;
using Fcan.Engine.Adapter;
using Fcan.Engine.Colour;
using Fcan.Engine.Imaging;
using Fcan.Engine.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Fcan.Engine.Tests.Adapter;

/// <summary>Adapter training on a tiny feature network and the synthetic mini dataset, on CPU.</summary>
public sealed class AdapterTrainerTests : IDisposable
{
    private readonly TinyAdapter tiny = new();

    public void Dispose() => tiny.Dispose();

    [Fact]
    public void ANewAdapterIsTheIdentityAndAShortRunLowersTheAanLoss()
    {
        var settings = TinyAdapter.Settings(steps: 20);
        using var trainer = tiny.Trainer(settings);
        using var batch = tiny.Crops(settings).Batch(0, CPU, default);
        using (no_grad())
        using (var adapted = trainer.Network.forward(batch.Starts))
            Assert.True(adapted.equal(batch.Sources).all().item<bool>(), "a new adapter changes its input");

        var before = trainer.Evaluate(batch);
        new AdapterTraining(trainer, tiny.Crops(settings), tiny.Store("run"), tiny.Origin, checkpointEvery: 0).Run(null, default);
        var after = trainer.Evaluate(batch);

        Assert.Equal(0, before.Content);
        Assert.True(after.Total < 0.8 * before.Total, $"loss {before.Total} -> {after.Total}");
        Assert.True(after.Style < before.Style, $"style {before.Style} -> {after.Style}");
    }

    [Fact]
    public void AnAdapterFoldsImagesWithOddSidesAndGivesThemBackAtTheirSize()
    {
        var settings = TinyAdapter.Settings(steps: 3);
        using var trainer = tiny.Trainer(settings);
        new AdapterTraining(trainer, tiny.Crops(settings), tiny.Store("odd"), tiny.Origin, checkpointEvery: 0).Run(null, default);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var weights = trainer.Network.parameters().First();
        using Scalar white = 255;
        var image = rand([2, 3, 17, 33], dtype: weights.dtype) * white;
        var adapted = trainer.Network.forward(image);
        Assert.Equal(image.shape, adapted.shape);
        Assert.True(adapted.isfinite().all().item<bool>());
        Assert.True((adapted - image).abs().max().to_type(ScalarType.Float64).item<double>() > 0.01, "the trained adapter left the odd-sized image as it was");
    }

    [Fact]
    public async Task ASavedAdapterAdaptsExactlyAsTheTrainedNetworkAndIsNamedByItsHash()
    {
        var settings = TinyAdapter.Settings(steps: 3);
        using var trainer = tiny.Trainer(settings);
        var store = tiny.Store("saved");
        new AdapterTraining(trainer, tiny.Crops(settings), store, tiny.Origin, checkpointEvery: 0).Run(null, default);
        var file = await store.ReadAdapterFileAsync(default);

        using var adapter = TrainedAdapter.Read(file, EngineDevice.Cpu);
        // Any size, not only the crop size: the decoder resizes to each encoder stage.
        var image = PlanarImage.FromRgb(tiny.Source.Load(0, default).Image);
        var adapted = adapter.Adapt([image])[0];
        using var input = PlanarImage.Stack([image], float32, CPU);
        using (no_grad())
        using (var expected = trainer.Network.forward(input))
            Assert.Equal(PlanarImage.Unstack(expected)[0].Planes, adapted.Planes);
        Assert.NotEqual(image.Planes, adapted.Planes);

        Assert.Equal(TrainedAdapter.HashOf(file), adapter.ContentHash);
        Assert.Equal(3, adapter.Description.Step);
        Assert.Equal(tiny.Origin, adapter.Description.Origin);
        Assert.Equal(settings.Shape, adapter.Description.Settings.Shape);
        Assert.Equal(settings.Loss.Alpha, adapter.Description.Settings.Loss.Alpha);
        var error = Assert.Throws<InvalidDataException>(() => TrainedAdapter.Read(file[..40], EngineDevice.Cpu));
        Assert.Contains("adapter", error.Message);
    }

    [Fact]
    public async Task WithTheDefaultPresetsLossAnAdapterStartsFromTheColourMatchedSourceInTrainingAndConversion()
    {
        var settings = TinyAdapter.Settings(steps: 1) with { Loss = AanPresets.Settings(AanPresets.Default) with { Init = AanInit.ColourMatched(0.8, tiny.Colours) } };
        var unstarted = settings with { Loss = settings.Loss with { Init = AanInit.ColourMatched(0.8) } };
        Assert.Contains("colour moments", Assert.Throws<ArgumentException>(() => tiny.Trainer(unstarted)).Message);

        using var trainer = tiny.Trainer(settings);
        using (var batch = tiny.Crops(settings).Batch(0, CPU, default))
        using (no_grad())
        using (var adapted = trainer.Network.forward(batch.Starts))
        {
            Assert.False(batch.Starts.equal(batch.Sources).all().item<bool>(), "the start is the source");
            Assert.True(adapted.equal(batch.Starts).all().item<bool>(), "a new adapter changes its start");
        }
        var store = tiny.Store("coloured");
        new AdapterTraining(trainer, tiny.Crops(settings), store, tiny.Origin, checkpointEvery: 0).Run(null, default);

        using var adapter = TrainedAdapter.Read(await store.ReadAdapterFileAsync(default), EngineDevice.Cpu);
        var image = PlanarImage.FromRgb(tiny.Source.Load(0, default).Image);
        using var input = PlanarImage.Stack([image], float32, CPU);
        using (no_grad())
        using (var start = ColourTransfer.Apply(input, tiny.Colours, 0.8))
        using (var expected = trainer.Network.forward(start))
            Assert.Equal(PlanarImage.Unstack(expected)[0].Planes, adapter.Adapt([image])[0].Planes);
    }

    [Fact]
    public async Task ResumingFromACheckpointGivesTheAdapterOfAnUninterruptedRun()
    {
        var settings = TinyAdapter.Settings(steps: 6);
        var straightStore = tiny.Store("straight");
        var straightLosses = new List<AdapterLosses>();
        using (var straight = tiny.Trainer(settings))
            new AdapterTraining(straight, tiny.Crops(settings), straightStore, tiny.Origin, checkpointEvery: 0)
                .Run(p => straightLosses.Add(p.Losses), default);

        // Cancelled after step 3: the run checkpoints step 3 before it stops.
        var store = tiny.Store("interrupted");
        using (var interrupted = tiny.Trainer(settings))
        using (var stop = new CancellationTokenSource())
        {
            Assert.Throws<OperationCanceledException>(() =>
                new AdapterTraining(interrupted, tiny.Crops(settings), store, tiny.Origin, checkpointEvery: 0)
                    .Run(p => { if (p.Step == 3) stop.Cancel(); }, stop.Token));
        }
        var checkpoint = await store.RequireAsync(default);
        Assert.Equal(3, checkpoint.Step);

        using var resumed = tiny.Trainer(checkpoint.Settings);
        var tensors = await store.ReadTensorsAsync(checkpoint, default);
        resumed.LoadState(tensors, checkpoint.Step);
        foreach (var tensor in tensors.Values) tensor.Dispose();
        var resumedLosses = new List<AdapterLosses>();
        new AdapterTraining(resumed, tiny.Crops(checkpoint.Settings), store, checkpoint.Origin, checkpointEvery: 2)
            .Run(p => resumedLosses.Add(p.Losses), default);

        Assert.Equal(straightLosses[3..], resumedLosses);
        Assert.Equal(await straightStore.ReadAdapterFileAsync(default), await store.ReadAdapterFileAsync(default));
    }
}
