using Fcan.Engine.Aan;
using Fcan.Engine.Imaging;
using Fcan.Engine.Style;
using Fcan.Engine.Tests.Support;

namespace Fcan.Engine.Tests.Aan;

/// <summary>The renderer on the real ResNet-18 at its smallest size (32x32), so each render takes seconds.</summary>
public class AanRendererTests(ResNet18Fixture fixture) : IClassFixture<ResNet18Fixture>
{
    private const int Side = 32;
    private readonly PlanarImage source = TestImages.Smooth(21, Side, Side);

    private StyleStatistics Pool(params PlanarImage[] images)
    {
        var builder = new StylePoolBuilder(fixture.Network);
        builder.Add(images.Length > 0 ? images : [TestImages.Smooth(22, Side, Side), TestImages.Smooth(23, Side, Side)]);
        return builder.Build();
    }

    [Fact]
    public void ContentOnlyRenderingConvergesToTheSource()
    {
        var settings = new AanSettings { Iterations = 60, Alpha = 0, ContentWeights = [1, 1, 1, 1, 1], Seed = 1 };
        var losses = new List<double>();
        var rendered = new AanRenderer(fixture.Network).RenderPlanar([source], Pool(), settings, i => losses.Add(i.Content), CancellationToken.None)[0];

        var start = TestImages.Noise(1, Side, Side);
        Assert.True(losses[^1] < losses[0] / 50, $"content loss {losses[0]} -> {losses[^1]}");
        Assert.True(MeanAbsoluteDifference(rendered, source) < 0.6 * MeanAbsoluteDifference(start, source),
            $"mean |render - source| = {MeanAbsoluteDifference(rendered, source)}, from noise {MeanAbsoluteDifference(start, source)}");
    }

    [Fact]
    public void StyleOnlyRenderingCutsTheGramDistanceByOrdersOfMagnitude()
    {
        // A pool whose colour and texture statistics are far from the white-noise start.
        var pool = Pool(TestImages.Noise(31, Side, Side, [200, 80, 60], 50), TestImages.Noise(32, Side, Side, [200, 80, 60], 50));
        var settings = new AanSettings { Iterations = 60, Alpha = 1, ContentWeights = [0, 0, 0, 0, 0], Seed = 2 };
        var rendered = new AanRenderer(fixture.Network).RenderPlanar([source], pool, settings, null, CancellationToken.None)[0];

        var before = GramDistance.ToPool(fixture.Network, StartOf(settings), pool);
        var after = GramDistance.ToPool(fixture.Network, rendered, pool);
        Assert.True(after < before / 100, $"Gram distance {before} -> {after}");
    }

    [Fact]
    public void SameSeedGivesTheSameRenderAndABatchEqualsSingleRenders()
    {
        var renderer = new AanRenderer(fixture.Network);
        var pool = Pool();
        var noise = new AanSettings { Iterations = 3, Beta = 1, Seed = 9 };
        var first = renderer.RenderPlanar([source], pool, noise, null, CancellationToken.None)[0];
        var second = renderer.RenderPlanar([source], pool, noise, null, CancellationToken.None)[0];
        Assert.Equal(first.Planes, second.Planes);

        var other = TestImages.Smooth(30, Side, Side);
        var fromSource = noise with { Init = AanInit.Source };
        var batch = renderer.RenderPlanar([source, other], pool, fromSource, null, CancellationToken.None);
        var single = renderer.RenderPlanar([other], pool, fromSource, null, CancellationToken.None)[0];
        Assert.True(MaxAbsoluteDifference(batch[1], single) < 1e-2, $"batch vs single: {MaxAbsoluteDifference(batch[1], single)}");
    }

    [Fact]
    public void ReportsEachIterationAndStopsWhenCancelled()
    {
        using var cancellation = new CancellationTokenSource();
        var seen = new List<int>();
        var settings = new AanSettings { Iterations = 50, Beta = 1 };
        Assert.ThrowsAny<OperationCanceledException>(() => new AanRenderer(fixture.Network).RenderPlanar([source], Pool(), settings, iteration =>
        {
            seen.Add(iteration.Iteration);
            if (iteration.Iteration == 3) cancellation.Cancel();
        }, cancellation.Token));
        Assert.Equal([1, 2, 3], seen);
    }

    [Fact]
    public void RejectsSizesTheNetworkCantTake()
    {
        var renderer = new AanRenderer(fixture.Network);
        var small = Assert.Throws<ArgumentException>(() => renderer.RenderPlanar([TestImages.Smooth(1, 16, 64)], Pool(), AanSettings.Paper, null, CancellationToken.None));
        Assert.Contains("smaller than", small.Message);
        var odd = Assert.Throws<ArgumentException>(() => renderer.RenderPlanar([TestImages.Smooth(1, 70, 64)], Pool(), AanSettings.Paper, null, CancellationToken.None));
        Assert.Contains("multiples of 32", odd.Message);
    }

    /// <summary>The renderer's own noise start for these settings: zero iterations aren't allowed, so the start is
    /// recovered from a one-step render with a vanishing step.</summary>
    private PlanarImage StartOf(AanSettings settings) =>
        new AanRenderer(fixture.Network).RenderPlanar([source], Pool(), settings with { Iterations = 1, Beta = 1e-9 }, null, CancellationToken.None)[0];

    private static double MeanAbsoluteDifference(PlanarImage a, PlanarImage b) => a.Planes.Zip(b.Planes, (x, y) => Math.Abs(x - y)).Average();

    private static double MaxAbsoluteDifference(PlanarImage a, PlanarImage b) => a.Planes.Zip(b.Planes, (x, y) => Math.Abs(x - y)).Max();
}
