using Fcan.Engine.Aan;
using Fcan.Engine.Imaging;
using Fcan.Engine.Style;
using Fcan.Engine.Tests.Support;
using static TorchSharp.torch;

namespace Fcan.Engine.Tests.Aan;

/// <summary>Reading the loss is the only host-device sync in the loop; how often it happens must not change a render.</summary>
public class AanReportingTests
{
    [Fact]
    public void RenderWithoutCallbackEqualsRenderReportingEveryIteration()
    {
        using var network = TinyNetworks.Create(7, float32);
        var builder = new StylePoolBuilder(network);
        builder.Add([TestImages.Smooth(1, 64, 64)]);
        var pool = builder.Build();
        var source = TestImages.Smooth(2, 64, 64);
        var settings = new AanSettings { Iterations = 10, Beta = 1, Alpha = 1e-6, Seed = 3 };
        var renderer = new AanRenderer(network);

        var every = new List<int>();
        var reported = renderer.RenderPlanar([source], pool, settings, i => every.Add(i.Iteration), CancellationToken.None)[0];
        var sparse = new List<int>();
        var sparseRender = renderer.RenderPlanar([source], pool, settings with { ReportEvery = 4 }, i => sparse.Add(i.Iteration), CancellationToken.None)[0];
        var silent = renderer.RenderPlanar([source], pool, settings, null, CancellationToken.None)[0];

        Assert.Equal(Enumerable.Range(1, 10), every);
        Assert.Equal([4, 8, 10], sparse);
        Assert.Equal(reported.Planes, silent.Planes);
        Assert.Equal(reported.Planes, sparseRender.Planes);
    }

    [Fact]
    public void ReportIntervalBelowOneIsRejected()
    {
        using var network = TinyNetworks.Create(7, float32);
        var builder = new StylePoolBuilder(network);
        builder.Add([TestImages.Smooth(1, 32, 32)]);
        var error = Assert.Throws<ArgumentException>(() => new AanRenderer(network).RenderPlanar(
            [TestImages.Smooth(2, 32, 32)], builder.Build(), new AanSettings { ReportEvery = 0 }, null, CancellationToken.None));
        Assert.Contains("report interval", error.Message);
    }
}
