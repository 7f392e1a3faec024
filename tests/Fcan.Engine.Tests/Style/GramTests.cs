using Fcan.Engine.Runtime;
using Fcan.Engine.Style;
using static TorchSharp.torch;

namespace Fcan.Engine.Tests.Style;

public class GramTests
{
    [Fact]
    public void MatchesAnExplicitLoopOverPositions()
    {
        TorchRuntime.EnsureCpu();
        using var scope = NewDisposeScope();
        manual_seed(7);
        var features = randn(2, 3, 4, 5, dtype: float64);
        var gram = Gram.Of(features);
        var values = features.data<double>().ToArray();
        Assert.Equal(new long[] { 2, 3, 3 }, gram.shape);
        for (var n = 0; n < 2; n++)
            for (var i = 0; i < 3; i++)
                for (var j = 0; j < 3; j++)
                {
                    var expected = 0.0;
                    for (var p = 0; p < 20; p++) expected += values[(n * 3 + i) * 20 + p] * values[(n * 3 + j) * 20 + p];
                    Assert.Equal(expected, gram[n, i, j].item<double>(), 12);
                }
    }
}
