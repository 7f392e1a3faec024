using Fcan.Grains.Workers;

namespace Fcan.Grains.Tests.Tasks;

public sealed class LeaseRenewalTests
{
    [Fact]
    public async Task A_failed_renewal_is_followed_by_the_next_one()
    {
        var calls = 0;
        var failures = new List<Exception>();
        var thirdCall = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();

        var renewal = LeaseRenewal.RunAsync(_ =>
        {
            if (++calls == 3) thirdCall.TrySetResult();
            return calls == 1 ? Task.FromException(new TimeoutException("renew timed out (injected)")) : Task.CompletedTask;
        }, TimeSpan.FromMilliseconds(10), TimeProvider.System, failures.Add, stop.Token);
        await thirdCall.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await renewal;

        Assert.IsType<TimeoutException>(Assert.Single(failures));
    }
}
