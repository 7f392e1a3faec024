namespace Fcan.Grains.Contracts;

/// <summary>All jobs (key: 0): for `fcan job list`, and the running ones that device workers pull work from.</summary>
public interface IJobCatalogGrain : IGrainWithIntegerKey
{
    /// <summary>Records a job and whether it currently hands out work.</summary>
    Task SetJob(string jobId, bool active, CancellationToken cancellationToken = default);

    /// <summary>Every job id ever started, oldest first.</summary>
    Task<IReadOnlyList<string>> ListJobs(CancellationToken cancellationToken = default);

    /// <summary>Jobs that currently hand out work.</summary>
    Task<IReadOnlyList<string>> ActiveJobs(CancellationToken cancellationToken = default);
}
