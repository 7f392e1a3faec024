using static TorchSharp.torch;

namespace Fcan.Engine.Aan;

/// <summary>The AAN loss as scalars: Total = Content + alpha * Style.</summary>
public sealed record AanLossTerms(Tensor Total, Tensor Content, Tensor Style);
