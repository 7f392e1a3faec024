using Fcan.Engine.Aan;
using Fcan.Engine.Style;
using Fcan.Engine.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Fcan.Engine.Tests.Aan;

public class AanMemoryTests
{
    [Fact]
    public void LiveTensorsStayFlatOverTwoHundredIterations()
    {
        using var network = TinyNetworks.Create(5, float32);
        var builder = new StylePoolBuilder(network);
        builder.Add([TestImages.Smooth(1, 32, 32)]);
        var live = new List<long>();
        var settings = new AanSettings { Iterations = 200, Beta = 1 };
        new AanRenderer(network).RenderPlanar([TestImages.Smooth(2, 32, 32)], builder.Build(), settings,
            _ => live.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount), CancellationToken.None);

        // A tensor leaked per iteration would show as a count rising by 190 after the first ten.
        Assert.Equal(200, live.Count);
        Assert.Equal(live[9], live[^1]);
        Assert.Equal(live[9], live.Max());
    }
}
