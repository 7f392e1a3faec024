namespace Fcan.Engine.Adapter;

/// <summary>The sizes of an adapter network (Johnson et al. 2016 use 32 channels, 2 downsamplings, 5 residual blocks).</summary>
/// <param name="Channels">Channels after the first convolution; each downsampling doubles them.</param>
/// <param name="Downsamplings">Stride-2 convolutions in the encoder (and resize-convolutions in the decoder).</param>
/// <param name="ResidualBlocks">Residual blocks at the lowest resolution.</param>
public sealed record AdapterShape(int Channels = 16, int Downsamplings = 2, int ResidualBlocks = 3)
{
    /// <summary>Why this shape can't be built, or null when it can.</summary>
    public string? Problem()
    {
        if (Channels is < 1 or > 256) return $"adapter channels must be 1..256 (got {Channels})";
        if (Downsamplings is < 0 or > 4) return $"adapter downsamplings must be 0..4 (got {Downsamplings})";
        if (ResidualBlocks is < 0 or > 16) return $"adapter residual blocks must be 0..16 (got {ResidualBlocks})";
        return null;
    }
}
