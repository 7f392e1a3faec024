using Fcan.Engine.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Fcan.Engine.Networks;

/// <summary>
/// A frozen feature network in eval mode (BatchNorm uses running statistics) that returns the five AAN taps of
/// an input already in its <see cref="Space"/>.
/// </summary>
public sealed class FeatureNetwork : IDisposable
{
    private readonly ResNetTaps trunk;
    private readonly Dictionary<ScalarType, ResNetTaps> converted = [];

    /// <param name="id">Names the network and its weights in statistics files, e.g. "resnet18-cntk".</param>
    /// <param name="trunk">Weights already loaded; it is moved to <paramref name="device"/>, frozen and set to eval.</param>
    /// <param name="sizeMultiple">Input sides must be multiples of this (CNTK padding equals PyTorch's only then).</param>
    public FeatureNetwork(string id, ResNetTaps trunk, InputSpace space, EngineDevice device, int sizeMultiple)
    {
        Id = id;
        Space = space;
        Device = device;
        SizeMultiple = sizeMultiple;
        this.trunk = trunk;
        trunk.to(device.ToTorch());
        Freeze(trunk);
        DType = trunk.parameters().First().dtype;
    }

    /// <summary>The smallest side: the deepest tap is 1x1 there.</summary>
    public const int MinSide = 32;

    public string Id { get; }

    public InputSpace Space { get; }

    public EngineDevice Device { get; }

    public ScalarType DType { get; }

    public int SizeMultiple { get; }

    /// <summary>Tap names (torchvision style): relu, layer1..layer4.</summary>
    public IReadOnlyList<string> Taps => ResNetTaps.TapNames;

    public IReadOnlyList<long> TapChannels => trunk.TapChannels;

    /// <summary>The five taps of <paramref name="input"/> ([N,3,H,W] in <see cref="Space"/>).</summary>
    public Tensor[] Forward(Tensor input) => trunk.forward(input);

    /// <summary>The five taps computed in <paramref name="compute"/> (e.g. bfloat16), returned in
    /// <paramref name="compute"/>. The weights are converted once, on the first call for that type.</summary>
    public Tensor[] Forward(Tensor input, ScalarType compute)
    {
        if (compute == DType) return Forward(input);
        if (!converted.TryGetValue(compute, out var copy))
            converted[compute] = copy = Freeze(trunk.CopyAs(compute, Device.ToTorch()));
        using var cast = input.to(compute);
        return copy.forward(cast);
    }

    /// <summary>Why an image of this size can't go through the network, or null when it can.</summary>
    public string? SizeProblem(int width, int height)
    {
        if (width < MinSide || height < MinSide)
            return $"image is {width}x{height}, smaller than the network's minimum {MinSide}x{MinSide}";
        if (width % SizeMultiple != 0 || height % SizeMultiple != 0)
            return $"image is {width}x{height}; {Id} needs both sides to be multiples of {SizeMultiple}";
        return null;
    }

    public void Dispose()
    {
        trunk.Dispose();
        foreach (var copy in converted.Values) copy.Dispose();
    }

    private static ResNetTaps Freeze(ResNetTaps network)
    {
        network.eval();
        foreach (var parameter in network.parameters()) parameter.requires_grad = false;
        return network;
    }
}
