namespace Fcan.Grains.Contracts;

/// <summary>The cluster's view of its devices (key: 0): workers report here, `fcan cluster status` reads it.</summary>
public interface IClusterStatusGrain : IGrainWithIntegerKey
{
    Task ReportDevice(DeviceStatus status, CancellationToken cancellationToken = default);

    /// <summary>Active silos (from Orleans membership) with their devices, and the running jobs.</summary>
    Task<ClusterStatus> GetStatus(CancellationToken cancellationToken = default);
}
