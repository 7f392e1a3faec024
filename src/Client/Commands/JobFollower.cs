using Fcan.Client.Cli;
using Fcan.Client.Connection;
using Fcan.Client.Views;
using Fcan.Grains.Contracts;

namespace Fcan.Client.Commands;

/// <summary>
/// Follows a job to its end for `fcan convert --wait` and `fcan job resume`. Two things can end the following early:
/// <list type="bullet">
/// <item>Ctrl+C or SIGTERM: the command stops and says what becomes of the job. A process hosting the embedded silo
/// stops it gracefully (its workers hand their leases back) and the job stays resumable; a client only detaches and
/// the job goes on in the cluster.</item>
/// <item>On the embedded cluster, the `fcan` process that hosts the silo exits (say its own job ended): a process that
/// joined it takes the home over (the lease is free once the host is gone), hosts the silo itself and keeps
/// following, so its job finishes.</item>
/// </list>
/// </summary>
public static class JobFollower
{
    private static readonly TimeSpan LeaseCheck = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan HostExitPatience = TimeSpan.FromSeconds(30);

    public static async Task<JobStatus> FollowAsync(CommandContext ctx, ClusterSession session, JobStatus start,
        CancellationToken cancellation)
    {
        var status = start;
        while (true)
        {
            using var following = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            var takeOver = session.JoinedHome is { } home ? TakeLeaseWhenFreeAsync(home, following) : null;
            EmbeddedSiloLease? lease;
            try
            {
                return await new JobProgressDisplay(ctx.Output).FollowAsync(session.Client, status, following.Token);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                throw Interrupted(session, status.JobId);
            }
            catch (Exception) when (takeOver is not null)
            {
                // The host is leaving: its connection fails first, and its lease frees once its process is gone.
                try
                {
                    lease = await takeOver.WaitAsync(HostExitPatience, cancellation);
                }
                catch (TimeoutException)
                {
                    lease = null;
                }
                if (lease is null) throw;
            }
            finally
            {
                await following.CancelAsync();
            }
            ctx.Output.Note($"the fcan process that hosted the embedded cluster of {ctx.Home} has exited; " +
                $"this one hosts it now, to finish job {status.JobId}");
            await session.HostHereAsync(ctx, lease, cancellation);
            status = await session.Client.GetJobAsync(status.JobId, cancellation);
        }
    }

    /// <summary>What Ctrl+C or SIGTERM means for the job: the one line the command ends with.</summary>
    public static OperationFailedException Interrupted(ClusterSession session, string jobId) => new(session.Embedded
        ? $"interrupted: job {jobId} stops here and stays resumable (`fcan job resume {jobId}`)"
        : $"interrupted: detached from job {jobId}, which goes on in the cluster (`fcan job status {jobId}`)");

    /// <summary>Tries the embedded silo's lease until it is free (its host process has gone), then stops the
    /// following that runs over the departed host's connection; null when the following ended first.</summary>
    private static async Task<EmbeddedSiloLease?> TakeLeaseWhenFreeAsync(string home, CancellationTokenSource following)
    {
        while (!following.IsCancellationRequested)
        {
            if (EmbeddedSiloLease.TryTake(home) is { } lease)
            {
                await following.CancelAsync();
                return lease;
            }
            await Task.Delay(LeaseCheck, following.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        return null;
    }
}
