namespace Fcan.Data.Synthetic;

/// <summary>What <see cref="SyntheticDataset.Generate"/> makes: how many source ("game") and target ("real") images,
/// their size, and the seed everything follows from (same options, same bytes).</summary>
public sealed record SyntheticDatasetOptions
{
    public int Seed { get; init; } = 1;
    public int SourceImages { get; init; } = 16;
    public int TargetImages { get; init; } = 16;
    public int Width { get; init; } = 256;
    public int Height { get; init; } = 128;

    /// <summary>The Cityscapes split the target is written to; its labels are for evaluation only.</summary>
    public string TargetSplit { get; init; } = "val";
}
