using Fcan.Cli.Tests.Support;
using Fcan.Testing;

namespace Fcan.Cli.Tests;

/// <summary>`--cluster` against addresses where no cluster listens: one line, exit 1, and never the password.</summary>
public sealed class RemoteClusterTests : IDisposable
{
    private readonly FcanProcess fcan = new();

    [Fact]
    public async Task An_unreachable_gateway_fails_with_one_line()
    {
        var address = $"127.0.0.1:{FreePort.Next()}";

        var result = await fcan.RunAsync("--cluster", address, "job", "list");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith($"fcan: cluster {address}: unreachable", result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task An_unreachable_postgres_cluster_never_prints_its_password()
    {
        var connection = $"postgres://fcan:hunter2-secret@127.0.0.1:{FreePort.Next()}/fcan";

        var result = await fcan.RunAsync("--cluster", connection, "--verbose", "cluster", "status");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("fcan: cluster postgres://fcan:***@127.0.0.1", result.Stderr);
        Assert.DoesNotContain("hunter2", result.Stdout + result.Stderr);
        foreach (var file in Directory.EnumerateFiles(fcan.Home, "*", SearchOption.AllDirectories))
            Assert.DoesNotContain("hunter2", File.ReadAllText(file));
    }

    [Fact]
    public async Task The_cluster_can_come_from_the_environment_too()
    {
        var address = $"127.0.0.1:{FreePort.Next()}";

        var result = await fcan.RunAsync(new Dictionary<string, string> { ["FCAN_CLUSTER"] = address }, "pool", "list");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"fcan: cluster {address}: unreachable", result.Stderr);
    }

    [Fact]
    public async Task The_cluster_can_come_from_a_file_so_that_its_password_stays_off_the_command_line()
    {
        var file = Path.Combine(fcan.Home, "cluster-secret");
        File.WriteAllText(file, $"redis://hunter2-secret@127.0.0.1:{FreePort.Next()}\n");

        var result = await fcan.RunAsync(new Dictionary<string, string> { ["FCAN_CLUSTER_FILE"] = file }, "pool", "list");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("fcan: cluster redis://***@127.0.0.1", result.Stderr);
        Assert.DoesNotContain("hunter2", result.Stdout + result.Stderr);
    }

    public void Dispose() => fcan.Dispose();
}
