using Fcan.Grains.Contracts;

namespace Fcan.Grains.Cluster;

/// <summary>Latest device reports, joined with Orleans membership. Kept in memory: workers re-report every few
/// seconds, so a restarted activation is complete again almost at once.</summary>
public sealed class ClusterStatusGrain : Grain, IClusterStatusGrain
{
    private readonly Dictionary<string, DeviceStatus> devices = [];

    public Task ReportDevice(DeviceStatus status, CancellationToken cancellationToken)
    {
        devices[status.WorkerId] = status;
        return Task.CompletedTask;
    }

    public async Task<ClusterStatus> GetStatus(CancellationToken cancellationToken)
    {
        var hosts = await GrainFactory.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: true);
        var silos = hosts
            .Select(host => new SiloInfo(host.SiloAddress.ToString(), host.SiloName, host.Status.ToString(),
                devices.Values.Where(d => d.Silo == host.SiloAddress.ToString()).OrderBy(d => d.Device).ToList()))
            .OrderBy(s => s.Name)
            .ToList();
        var activeJobs = await GrainFactory.GetGrain<IJobCatalogGrain>(0).ActiveJobs(cancellationToken);
        return new ClusterStatus(silos, activeJobs);
    }
}
