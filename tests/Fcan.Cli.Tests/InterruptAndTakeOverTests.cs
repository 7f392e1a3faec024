using System.Diagnostics;
using System.Text.RegularExpressions;
using Fcan.Cli.Tests.Support;
using Fcan.Testing;

namespace Fcan.Cli.Tests;

/// <summary>
/// `fcan convert --wait` and `fcan job resume` on the embedded cluster as operators run them: stopped by Ctrl+C or by
/// SIGTERM (systemd, Kubernetes, `timeout`), or sharing one `--home` with another `fcan` process that exits first.
/// </summary>
public sealed partial class InterruptAndTakeOverTests : IDisposable
{
    // Far longer than the test waits for: the signal, not the end of the job, must end the process.
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(40);
    private readonly FcanProcess fcan = new();
    private readonly string source;

    public InterruptAndTakeOverTests()
    {
        source = TinyDataset.Write(Path.Combine(fcan.Home, "data", "source"), count: 3, noisy: false);
        var real = TinyDataset.Write(Path.Combine(fcan.Home, "data", "real"), count: 2, noisy: true);
        var pool = fcan.RunAsync("pool", "create", "street", "--images", real).GetAwaiter().GetResult();
        Assert.True(pool.ExitCode == 0, pool.ToString());
    }

    [Fact]
    public async Task Ctrl_c_and_sigterm_end_the_hosting_process_and_the_job_stays_resumable()
    {
        using var convert = fcan.Start("convert", "--source", source, "--layout", "folder", "--pool", "street",
            "--out", Path.Combine(fcan.Home, "out"), "--iterations", "20000", "--wait");
        var jobId = await StartedJobAsync(convert);

        Assert.True(await ProcessSignals.InterruptAsync(convert, Grace), "fcan convert --wait ignored Ctrl+C");
        var said = await convert.StandardError.ReadToEndAsync();
        Assert.Equal(1, convert.ExitCode);
        Assert.Contains($"fcan: interrupted: job {jobId} stops here and stays resumable (`fcan job resume {jobId}`)", said);
        Assert.Equal("running", (await fcan.RunAsync("job", "status", jobId, "--json")).Json().GetProperty("state").GetString());

        using var resume = fcan.Start("job", "resume", jobId);
        // The host publishes its gateway once its silo is up.
        while (!File.Exists(Path.Combine(fcan.Home, "silo.gateway")) && !resume.HasExited) await Task.Delay(100);
        Assert.True(await ProcessSignals.TerminateAsync(resume, Grace), "fcan job resume ignored SIGTERM");
        Assert.Contains($"fcan: interrupted: job {jobId} stops here and stays resumable", await resume.StandardError.ReadToEndAsync());
        Assert.Equal("running", (await fcan.RunAsync("job", "status", jobId, "--json")).Json().GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_second_convert_on_one_home_takes_the_cluster_over_when_the_first_exits_and_finishes()
    {
        using var first = fcan.Start("convert", "--source", source, "--layout", "folder", "--pool", "street",
            "--out", Path.Combine(fcan.Home, "first"), "--iterations", "2", "--limit", "1", "--wait");
        await StartedJobAsync(first);
        var second = await fcan.RunAsync("convert", "--source", source, "--layout", "folder", "--pool", "street",
            "--out", Path.Combine(fcan.Home, "second"), "--iterations", "40", "--shard-size", "1", "--wait");
        await first.WaitForExitAsync();

        Assert.Equal(0, first.ExitCode);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("has exited; this one hosts it now", second.Stdout);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(fcan.Home, "second", "manifest.jsonl")).Length);
    }

    private static async Task<string> StartedJobAsync(Process process)
    {
        string? jobId = null;
        await WaitForLineAsync(process.StandardOutput, line => (jobId = StartedLine().Match(line) is { Success: true } m ? m.Groups["id"].Value : null) != null);
        return jobId!;
    }

    private static async Task WaitForLineAsync(StreamReader reader, Func<string, bool> wanted)
    {
        while (await reader.ReadLineAsync() is { } line)
            if (wanted(line)) return;
        throw new InvalidOperationException("the process ended before printing the line the test waits for");
    }

    [GeneratedRegex(@"^job (?<id>job-\S+) started$")]
    private static partial Regex StartedLine();

    public void Dispose() => fcan.Dispose();
}
