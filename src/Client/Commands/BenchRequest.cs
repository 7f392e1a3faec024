using Fcan.Engine.Aan;
using Fcan.Engine.Runtime;
using Fcan.Grains.Contracts;

namespace Fcan.Client.Commands;

/// <summary>What `fcan bench` measures: N images of one size, rendered in batches, per precision.</summary>
/// <param name="Weights">A weights file, or null for the packaged ResNet-18 / a random ResNet-50.</param>
/// <param name="Batch">Images per step, or null to size it from free device memory.</param>
/// <param name="Check">Also run the reduced-precision check (<see cref="AanPrecisionCheck"/>) per precision.</param>
public sealed record BenchRequest(
    string Backbone, string? Weights, ImageSize Size, int Images, int? Batch, IReadOnlyList<AanPrecision> Precisions,
    int Iterations, int Warmup, EngineDevice Device, bool Check);
