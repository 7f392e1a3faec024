using Fcan.Engine.Aan;
using Fcan.Engine.Style;
using Fcan.Engine.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Fcan.Engine.Tests.Aan;

public class AanMemoryTests
{
    [Fact]
    public void LiveTensorsStayFlatOverAThousandIterations()
    {
        using var network = TinyNetworks.Create(5, float32);
        var builder = new StylePoolBuilder(network);
        builder.Add([TestImages.Smooth(1, 32, 32)]);
        var live = new List<long>();
        var settings = new AanSettings { Iterations = 1000, Beta = 1 };
        new AanRenderer(network).RenderPlanar([TestImages.Smooth(2, 32, 32)], builder.Build(), settings,
            _ => live.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount), CancellationToken.None);

        Assert.Equal(1000, live.Count);
        Assert.Equal(live[9], live[^1]);
        Assert.Equal(live[9], live.Max());
    }
}
