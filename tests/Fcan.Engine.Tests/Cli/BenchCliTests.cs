using System.Text.Json;
using Fcan.Engine.Tests.Support;

namespace Fcan.Engine.Tests.Cli;

/// <summary>`fcan bench` through the real executable, at a size small enough for a test.</summary>
public sealed class BenchCliTests
{
    [Fact]
    public void PrintsOneJsonLinePerPrecisionWithSpeedAndMemory()
    {
        var result = ProcessRunner.Fcan(["bench", "--backbone", "resnet18", "--size", "64x32", "--images", "2",
            "--batch", "2", "--iterations", "2", "--warmup", "1", "--precision", "fp32,tf32", "--json"]);

        Assert.True(result.ExitCode == 0, result.Error);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["fp32", "tf32"], lines.Select(l => l.GetProperty("precision").GetString()));
        foreach (var line in lines)
        {
            Assert.Equal("packaged CNTK", line.GetProperty("weights").GetString());
            Assert.Equal((64, 32, 2, 2), (line.GetProperty("width").GetInt32(), line.GetProperty("height").GetInt32(),
                line.GetProperty("images").GetInt32(), line.GetProperty("batch").GetInt32()));
            Assert.True(line.GetProperty("msPerIteration").GetDouble() > 0);
            Assert.True(line.GetProperty("imagesPerHour").GetDouble() > 0);
            Assert.True(line.GetProperty("peakMemoryBytes").GetInt64() > 0);
        }
    }

    [Theory]
    [InlineData("--precision", "fp16", "--precision fp16: expected fp32, tf32 or bf16")]
    [InlineData("--batch", "0", "--batch 0: expected a whole number >= 1 or auto")]
    [InlineData("--size", "big", "--size: 'big' is not a size like 512x256")]
    public void RejectsBadOptionsInOneLine(string option, string value, string message)
    {
        var result = ProcessRunner.Fcan(["bench", option, value]);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"fcan bench: {message}", result.Error.Trim());
    }
}
