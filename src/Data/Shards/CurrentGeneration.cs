namespace Fcan.Data.Shards;

/// <summary>The generation an output's <c>manifest.jsonl</c> currently is: its number (0 for a manifest written
/// before generations existed) and its index, when one was written.</summary>
public sealed record CurrentGeneration(int Number, GenerationIndex? Index);
