namespace Fcan.Cluster.Tests.Support;

/// <summary>Figures a suite measured (jobs completed, items checked, duplicates, lost), appended one line each to the
/// file $FCAN_TEST_FIGURES names, so scripts/test.sh can show them next to its totals; nothing when it is unset.</summary>
public static class TestFigures
{
    public const string Variable = "FCAN_TEST_FIGURES";

    private static readonly SemaphoreSlim FileLock = new(1, 1);

    public static async Task AppendAsync(string line, CancellationToken cancellationToken)
    {
        var path = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(path)) return;
        await FileLock.WaitAsync(cancellationToken);
        try
        {
            await File.AppendAllTextAsync(path, line + "\n", cancellationToken);
        }
        finally
        {
            FileLock.Release();
        }
    }
}
