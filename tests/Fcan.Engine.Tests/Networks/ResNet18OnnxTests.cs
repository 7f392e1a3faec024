using Fcan.Engine.Imaging;
using Fcan.Engine.Networks;
using Fcan.Engine.Runtime;
using Fcan.Engine.Tests.Support;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using static TorchSharp.torch;

namespace Fcan.Engine.Tests.Networks;

public class ResNet18OnnxTests(ResNet18Fixture fixture) : IClassFixture<ResNet18Fixture>
{
    [Fact]
    public void PooledOutputEqualsOnnxRuntimeOnTheSameFileAndInput()
    {
        var network = fixture.Network;
        using var scope = NewDisposeScope();
        var image = TestImages.Smooth(5, 224, 224);
        var input = network.Space.FromRgb(PlanarImage.Stack([image], float32, CPU)).contiguous();
        float[] ours;
        using (no_grad())
            ours = network.Forward(input)[4].mean([2L, 3L]).flatten().data<float>().ToArray();

        using var session = new InferenceSession(FeatureNetworks.PackagedResNet18Path);
        var feed = new DenseTensor<float>(input.data<float>().ToArray(), [1, 3, 224, 224]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(session.InputMetadata.Keys.First(), feed)]);
        var theirs = results.First().AsEnumerable<float>().ToArray();

        Assert.Equal(512, ours.Length);
        Assert.Equal(ours.Length, theirs.Length);
        var scale = theirs.Max(Math.Abs);
        Assert.True(scale > 0.1, "the pooled features should not be trivially small");
        var worst = ours.Zip(theirs, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst <= 1e-4 * scale, $"max difference {worst} against a scale of {scale}");
    }

    [Fact]
    public void TapsFollowTheSpecLayers()
    {
        var network = fixture.Network;
        Assert.Equal(["relu", "layer1", "layer2", "layer3", "layer4"], network.Taps);
        Assert.Equal([64L, 64, 128, 256, 512], network.TapChannels);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var taps = network.Forward(zeros(1, 3, 64, 128));
        Assert.Equal([[1L, 64, 32, 64], [1, 64, 16, 32], [1, 128, 8, 16], [1, 256, 4, 8], [1, 512, 2, 4]], taps.Select(t => t.shape));
    }

    [Fact]
    public void TruncatedOrMissingOnnxFilesNameTheFile()
    {
        var truncated = Path.Combine(Path.GetTempPath(), $"fcan-truncated-{Guid.NewGuid():N}.onnx");
        var bytes = File.ReadAllBytes(FeatureNetworks.PackagedResNet18Path);
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 3)]);
        try
        {
            var error = Assert.Throws<WeightsFileException>(() => FeatureNetworks.LoadResNet18(truncated, EngineDevice.Cpu));
            Assert.Equal(truncated, error.File);
        }
        finally
        {
            File.Delete(truncated);
        }
        Assert.Throws<WeightsFileException>(() => FeatureNetworks.LoadResNet18("/nonexistent/ResNet18.onnx", EngineDevice.Cpu));
    }
}
