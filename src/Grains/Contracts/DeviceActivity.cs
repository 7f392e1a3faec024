namespace Fcan.Grains.Contracts;

/// <summary>What a device worker is doing.</summary>
[GenerateSerializer]
public enum DeviceActivity
{
    Idle = 0,
    Rendering = 1,
    /// <summary>The silo is shutting down; the worker hands its leases back.</summary>
    Stopping = 2,
}
