namespace Fcan.Grains.Contracts;

/// <summary>An item that ended failed, with the reason of its last attempt (`fcan job failures`).</summary>
[GenerateSerializer, Immutable, Alias("fcan.item-failure")]
public sealed record ItemFailure(string ItemKey, string Reason, int Attempts);
