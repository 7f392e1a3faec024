namespace Fcan.Grains.Persistence;

/// <summary>The grain storage provider every Fcan grain persists through; the silo host registers it.</summary>
public static class GrainStorageNames
{
    public const string Fcan = "fcan";
}
