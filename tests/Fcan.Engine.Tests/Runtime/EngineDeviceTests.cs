using Fcan.Engine.Runtime;
using TorchSharp;

namespace Fcan.Engine.Tests.Runtime;

public class EngineDeviceTests
{
    [Theory]
    [InlineData("cpu", DeviceType.CPU, -1, "cpu")]
    [InlineData("cuda", DeviceType.CUDA, 0, "cuda:0")]
    [InlineData(" CUDA:1 ", DeviceType.CUDA, 1, "cuda:1")]
    public void ParsesDeviceNames(string text, DeviceType kind, int index, string canonical)
    {
        var device = EngineDevice.Parse(text);
        Assert.Equal(new EngineDevice(kind, index), device);
        Assert.Equal(canonical, device.ToString());
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:x")]
    public void RejectsOtherNames(string text)
    {
        var error = Assert.Throws<FormatException>(() => EngineDevice.Parse(text));
        Assert.Contains(text, error.Message);
    }
}
