using Fcan.Cli.Tests.Support;

namespace Fcan.Cli.Tests;

/// <summary>Every command documents itself with `--help` and exits 0; a command group alone is bad usage.</summary>
public sealed class HelpTests : IDisposable
{
    private readonly FcanProcess fcan = new();

    public static TheoryData<string> Commands => new()
    {
        "", "demo", "render", "pool", "pool create", "pool show", "pool list", "convert", "assess",
        "job", "job list", "job status", "job cancel", "job pause", "job resume", "job failures",
        "cluster", "cluster status", "adapter", "adapter train",
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Every_command_has_help(string command)
    {
        var args = command.Split(' ', StringSplitOptions.RemoveEmptyEntries).Append("--help").ToArray();

        var result = await fcan.RunAsync(args);

        Assert.True(result.ExitCode == 0, result.ToString());
        // System.CommandLine answers --help even after an unknown word, with its parent's help: check whose it is.
        Assert.Contains($"Usage:\n  {("fcan " + command).Trim()} ", result.Stdout);
        Assert.Contains("--json", result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public async Task Convert_help_names_the_contract_options()
    {
        var result = await fcan.RunAsync("convert", "--help");

        foreach (var option in new[] { "--source", "--layout", "--pool", "--out", "--shard-size", "--iterations", "--size", "--limit", "--dry-run", "--wait" })
            Assert.Contains(option, result.Stdout);
    }

    [Theory]
    [InlineData("job")]
    [InlineData("pool")]
    [InlineData("adapter")]
    public async Task A_command_group_without_a_command_is_bad_usage(string group)
    {
        var result = await fcan.RunAsync(group);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("fcan: ", result.Stderr);
    }

    public void Dispose() => fcan.Dispose();
}
