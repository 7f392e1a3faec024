namespace Fcan.Grains.Training;

/// <summary>A trainer grain's key, "job/silo/device": the silo pins where it lives (<see cref="SiloPinnedPlacement"/>).</summary>
public sealed record TrainerKey(string JobId, string Silo, string Device)
{
    public static TrainerKey Parse(string key) => key.Split('/') is [var job, var silo, var device]
        ? new TrainerKey(job, silo, device)
        : throw new ArgumentException($"trainer key '{key}': expected job/silo/device");

    /// <summary>"silo/device", as status shows a trainer.</summary>
    public string Name => $"{Silo}/{Device}";

    public override string ToString() => $"{JobId}/{Silo}/{Device}";
}
