using Fcan.Grains.Rendering;

namespace Fcan.Grains.Shards;

/// <summary>One item's files as they go into a shard: key K gives members "K.png", "K.label.png", "K.json".</summary>
public sealed record OutputSample(string Key, IReadOnlyList<RenderedMember> Members);
