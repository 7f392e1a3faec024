namespace Fcan.Data.Storage;

/// <summary>What a store knows about one blob: its name relative to the store's root, size and version tag.</summary>
public sealed record BlobInfo(string Name, long Length, string ETag);
