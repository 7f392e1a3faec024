namespace Fcan.Data.Tests;

/// <summary>A cancellation token per call that fires after a generous limit, so a hung backend fails a test
/// instead of stalling the run.</summary>
public static class TestTimeout
{
    public static CancellationToken Token => new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;
}
