using Fcan.Cli.Tests.Support;

namespace Fcan.Cli.Tests;

/// <summary>Bad usage: exit code 2 and one line that names the problem, never a stack trace.</summary>
public sealed class UsageErrorTests : IDisposable
{
    private readonly FcanProcess fcan = new();

    [Theory]
    [InlineData(new[] { "frobnicate" }, "unknown command or option 'frobnicate'")]
    [InlineData(new[] { "job", "list", "--colour" }, "unknown command or option '--colour'")]
    [InlineData(new[] { "job", "status" }, "Required argument missing")]
    [InlineData(new[] { "convert", "--source" }, "--source")]
    [InlineData(new[] { "schedule", "add", "x", "--every", "soon", "--source", "/tmp", "--layout", "folder", "--pool", "p", "--out", "/tmp/o" },
        "--every: 'soon' is not a duration")]
    [InlineData(new[] { "--cluster", "mysql://db/x", "job", "list" }, "--cluster mysql://db/x: unknown scheme")]
    [InlineData(new[] { "--cluster", "127.0.0.1:1", "train", "--source", "/tmp", "--target", "/tmp", "--out", "/tmp/c", "--sync", "local-sgd:0" },
        "--sync: sync 'local-sgd:0': expected allreduce or local-sgd:K with K >= 1")]
    [InlineData(new[] { "--cluster", "127.0.0.1:1", "train", "--source", "/tmp", "--target", "/tmp", "--out", "/tmp/c", "--resume" },
        "--resume: not with --cluster")]
    [InlineData(new[] { "train", "--source", "/tmp", "--target", "/tmp", "--out", "/tmp/c", "--wire", "bf16" }, "--wire: only with --cluster")]
    public async Task Bad_usage_exits_2_with_one_clear_line(string[] args, string reason)
    {
        var result = await fcan.RunAsync(args);

        Assert.True(result.ExitCode == 2, result.ToString());
        var firstLine = result.Stderr.Split('\n')[0];
        Assert.StartsWith("fcan: ", firstLine);
        Assert.Contains(reason, firstLine);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public async Task A_password_in_a_bad_cluster_connection_is_not_printed()
    {
        var result = await fcan.RunAsync("--cluster", "postgres://fcan:hunter2@db", "--verbose", "job", "list");

        Assert.Equal(2, result.ExitCode);
        Assert.DoesNotContain("hunter2", result.Stdout + result.Stderr);
        Assert.Contains("postgres://fcan:***@db", result.Stderr);
    }

    public void Dispose() => fcan.Dispose();
}
