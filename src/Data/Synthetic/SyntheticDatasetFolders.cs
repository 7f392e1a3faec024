namespace Fcan.Data.Synthetic;

/// <summary>Where a generated dataset went: the source in GTA5 layout, the target in Cityscapes layout.</summary>
public sealed record SyntheticDatasetFolders(string Source, string Target);
