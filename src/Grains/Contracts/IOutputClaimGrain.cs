namespace Fcan.Grains.Contracts;

/// <summary>Which job writes an output (key: the output's location). At most one active job per output: two jobs
/// into one output would pick the same shard names and the same generation.</summary>
public interface IOutputClaimGrain : IGrainWithStringKey
{
    /// <summary>Claims the output for <paramref name="jobId"/> unless another job holds it; returns the holder
    /// (<paramref name="jobId"/> when the claim succeeded).</summary>
    Task<string> Claim(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Gives the output up, if <paramref name="jobId"/> holds it.</summary>
    Task Release(string jobId, CancellationToken cancellationToken = default);
}
