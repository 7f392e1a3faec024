using Fcan.Engine.Colour;
using Fcan.Engine.Imaging;
using Fcan.Engine.Tests.Support;
using static TorchSharp.torch;

namespace Fcan.Engine.Tests.Runtime;

/// <summary>
/// TorchSharp 0.107 finalizes Scalars it does not hold while libtorch reads them (HeldScalars, FCAN0001): engine
/// arithmetic must give the same result while another thread keeps collecting garbage and running finalizers. With
/// ColourTransfer's Scalars made where they were passed (before the fix) this failed within a few hundred calls with
/// "Expected false to be true" from c10::Scalar::toDouble.
/// </summary>
public class HeldScalarsTests
{
    [Fact]
    public async Task ColourTransferGivesTheSameImageWhileAnotherThreadCollectsGarbage()
    {
        using var scope = NewDisposeScope();
        var rgb = PlanarImage.Stack([TestImages.Noise(2, 32, 32, [120, 110, 100], 12)], float64, CPU);
        var target = ColourMoments.Of([TestImages.Noise(3, 32, 32, [100, 120, 90], 8)]);
        var expected = ColourTransfer.Apply(rgb, target, strength: 0.8);

        using var stop = new CancellationTokenSource();
        var collector = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        });
        try
        {
            for (var call = 0; call < 3000; call++)
            {
                using var inner = NewDisposeScope();
                Assert.Equal(0, (ColourTransfer.Apply(rgb, target, strength: 0.8) - expected).abs().max().item<double>());
            }
        }
        finally
        {
            stop.Cancel();
            await collector;
        }
    }
}
