using Fcan.Engine.Runtime;
using TorchSharp;

namespace Fcan.Engine.Tests;

public class TorchRuntimeTests
{
    [Fact]
    public void ConvolutionBackwardRunsOnCpuWithOneDnnOff()
    {
        TorchRuntime.EnsureCpu();
        using var scope = torch.NewDisposeScope();
        // The ResNet-50 layer3 downsample shape that crashes oneDNN with SIGFPE on these machines.
        var conv = torch.nn.Conv2d(512, 1024, 1, stride: 2, bias: false);
        var input = torch.randn(1, 512, 16, 16, requires_grad: true);
        conv.forward(input).sum().backward();
        Assert.Equal(new long[] { 1, 512, 16, 16 }, input.grad!.shape);
    }
}
