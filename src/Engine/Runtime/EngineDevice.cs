using TorchSharp;

namespace Fcan.Engine.Runtime;

/// <summary>Where tensors live: the CPU or one CUDA device ("cpu", "cuda", "cuda:1").</summary>
public sealed record EngineDevice(DeviceType Kind, int Index)
{
    public static EngineDevice Cpu { get; } = new(DeviceType.CPU, -1);

    public bool IsCuda => Kind == DeviceType.CUDA;

    /// <summary>Parses "cpu", "cuda" or "cuda:N"; throws <see cref="FormatException"/> with a one-line reason.</summary>
    public static EngineDevice Parse(string text)
    {
        var value = text.Trim().ToLowerInvariant();
        if (value == "cpu") return Cpu;
        if (value == "cuda") return new EngineDevice(DeviceType.CUDA, 0);
        if (value.StartsWith("cuda:", StringComparison.Ordinal)
            && int.TryParse(value.AsSpan(5), out var index) && index >= 0 && index < 64)
            return new EngineDevice(DeviceType.CUDA, index);
        throw new FormatException($"device '{text}': expected cpu, cuda or cuda:N");
    }

    /// <summary>The TorchSharp device; call <see cref="TorchRuntime.Ensure"/> first.</summary>
    public torch.Device ToTorch() => IsCuda ? new torch.Device(DeviceType.CUDA, Index) : torch.CPU;

    public override string ToString() => IsCuda ? $"cuda:{Index}" : "cpu";
}
