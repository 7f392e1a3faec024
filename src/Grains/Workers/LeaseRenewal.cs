namespace Fcan.Grains.Workers;

/// <summary>Keeps a batch's leases alive while it renders: renews every <c>every</c> until the batch ends. A failed
/// renewal (a shard's silo restarting, a call timing out) is reported and the next one is tried, so one lost call
/// never lets a whole batch's leases run out while its worker is still rendering.</summary>
public static class LeaseRenewal
{
    public static async Task RunAsync(Func<CancellationToken, Task> renew, TimeSpan every, TimeProvider time,
        Action<Exception> failed, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, time, cancellationToken);
                await renew(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The batch is finished.
            }
            catch (Exception error)
            {
                failed(error);
            }
        }
    }
}
