using System.Text.RegularExpressions;
using Fcan.Cli.Tests.Support;

namespace Fcan.Cli.Tests;

/// <summary>
/// The embedded cluster's state outlives its process: a job whose `fcan convert --wait` is killed mid-way is still
/// known to `fcan job status` in a new process, and `fcan job resume` finishes it with a complete manifest.
/// </summary>
public sealed partial class KillAndResumeTests : IDisposable
{
    private const int Images = 6;
    private readonly FcanProcess fcan = new();

    [Fact]
    public async Task A_killed_convert_is_finished_by_job_resume_in_a_new_process()
    {
        var source = TinyDataset.Write(Path.Combine(fcan.Home, "data", "source"), Images, noisy: false);
        var real = TinyDataset.Write(Path.Combine(fcan.Home, "data", "real"), 2, noisy: true);
        var output = Path.Combine(fcan.Home, "out");
        Assert.Equal(0, (await fcan.RunAsync("pool", "create", "street", "--images", real)).ExitCode);

        var jobId = await StartAndKillAfterFirstImageAsync(
            "convert", "--source", source, "--layout", "folder", "--pool", "street", "--out", output,
            "--iterations", "60", "--shard-size", "2", "--wait");

        var status = await fcan.RunAsync("job", "status", jobId, "--json");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Equal("running", status.Json().GetProperty("state").GetString());
        Assert.False(File.Exists(Path.Combine(output, "manifest.jsonl")));

        var resumed = await fcan.RunAsync("job", "resume", jobId, "--json");
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        var final = resumed.Json();
        Assert.Equal("completed", final.GetProperty("state").GetString());
        Assert.Equal(Images, final.GetProperty("progress").GetProperty("done").GetInt64());
        Assert.Equal(Images / 2, File.ReadAllLines(Path.Combine(output, "manifest.jsonl")).Length);
    }

    /// <summary>Runs `fcan` until its progress shows a finished image (or the job id, at least), then kills it.</summary>
    private async Task<string> StartAndKillAfterFirstImageAsync(params string[] args)
    {
        using var process = fcan.Start(args);
        string? jobId = null;
        while (await process.StandardError.ReadLineAsync() is { } line)
        {
            if (ProgressLine().Match(line) is { Success: true } progress)
            {
                jobId = progress.Groups["id"].Value;
                if (int.Parse(progress.Groups["done"].Value) >= 1) break;
            }
        }
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        Assert.True(jobId != null, "fcan convert --wait printed no progress before it ended");
        return jobId;
    }

    // "job-...: running, 2/6 done, ..." as JobProgressDisplay prints it when output is redirected.
    [GeneratedRegex(@"^(?<id>job-\S+): running, (?<done>\d+)/\d+ done")]
    private static partial Regex ProgressLine();

    public void Dispose() => fcan.Dispose();
}
