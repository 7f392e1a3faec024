using System.Text.Json;
using Fcan.Cli.Tests.Support;

namespace Fcan.Cli.Tests;

/// <summary>
/// Every command's happy path on the embedded cluster, through the real executable: each run is a new process, so
/// these also show that pools and jobs persist under --home between invocations.
/// </summary>
public sealed class EmbeddedClusterTests : IDisposable
{
    private readonly FcanProcess fcan = new();
    private readonly string source;
    private readonly string real;
    private readonly string output;

    public EmbeddedClusterTests()
    {
        source = TinyDataset.Write(Path.Combine(fcan.Home, "data", "source"), count: 3, noisy: false);
        real = TinyDataset.Write(Path.Combine(fcan.Home, "data", "real"), count: 2, noisy: true);
        output = Path.Combine(fcan.Home, "out");
    }

    [Fact]
    public async Task Pool_and_convert_give_a_complete_dataset_and_the_job_commands_report_it()
    {
        var created = await Json("pool", "create", "street", "--images", real, "--size", "64x32");
        Assert.Equal("street", created.GetProperty("name").GetString());
        Assert.Equal(1, created.GetProperty("version").GetInt32());
        Assert.Equal(2, created.GetProperty("definition").GetProperty("images").GetArrayLength());
        var pools = await Json("pool", "list");
        Assert.Equal(["street"], pools.EnumerateArray().Select(p => p.GetProperty("name").GetString()));

        var planned = await Json("convert", "--source", source, "--layout", "folder", "--pool", "street", "--out", output,
            "--iterations", "3", "--shard-size", "2", "--dry-run");
        Assert.Equal(1, planned.GetProperty("spec").GetProperty("poolVersion").GetInt32());
        Assert.Equal(3, planned.GetProperty("images").GetInt64());
        Assert.Equal(2, planned.GetProperty("shards").GetInt64());
        Assert.False(Directory.Exists(output));

        var finished = await Json("convert", "--source", source, "--layout", "folder", "--pool", "street", "--out", output,
            "--iterations", "3", "--shard-size", "2", "--wait");
        var jobId = finished.GetProperty("jobId").GetString()!;
        Assert.Equal("completed", finished.GetProperty("state").GetString());
        Assert.Equal(3, finished.GetProperty("progress").GetProperty("done").GetInt64());
        Assert.Equal(2, finished.GetProperty("shardsWritten").GetInt32());
        Assert.Equal(2, File.ReadAllLines(Path.Combine(output, "manifest.jsonl")).Length);

        var listed = await Json("job", "list");
        Assert.Contains(jobId, listed.EnumerateArray().Select(j => j.GetProperty("jobId").GetString()));
        Assert.Equal(0, (await Json("job", "failures", jobId)).GetArrayLength());
        var table = await fcan.RunAsync("job", "status", jobId);
        Assert.Contains("completed", table.Stdout);
        Assert.Contains("2 written, manifest manifest.jsonl", table.Stdout);
    }

    [Fact]
    public async Task A_started_job_can_be_paused_resumed_to_the_end_or_cancelled_and_the_silo_is_listed()
    {
        await Json("pool", "create", "street", "--images", real);
        var started = await Json("convert", "--source", source, "--layout", "folder", "--pool", "street", "--out", output,
            "--iterations", "2", "--limit", "2");
        var jobId = started.GetProperty("jobId").GetString()!;

        Assert.Equal("paused", (await Json("job", "pause", jobId)).GetProperty("state").GetString());
        var resumed = await Json("job", "resume", jobId);
        Assert.Equal("completed", resumed.GetProperty("state").GetString());
        Assert.Equal(2, resumed.GetProperty("progress").GetProperty("done").GetInt64());

        var other = (await Json("convert", "--source", source, "--layout", "folder", "--pool", "street",
            "--out", Path.Combine(fcan.Home, "out2"), "--iterations", "2")).GetProperty("jobId").GetString()!;
        Assert.Equal("cancelled", (await Json("job", "cancel", other)).GetProperty("state").GetString());
        Assert.False(File.Exists(Path.Combine(fcan.Home, "out2", "manifest.jsonl")));

        var silo = Assert.Single((await Json("cluster", "status")).GetProperty("silos").EnumerateArray());
        Assert.Equal("Active", silo.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_schedule_is_added_listed_with_its_conversion_and_removed()
    {
        await Json("pool", "create", "street", "--images", real);
        var added = await Json("schedule", "add", "nightly", "--every", "1d", "--source", source, "--layout", "folder",
            "--pool", "street", "--out", output, "--iterations", "2");
        Assert.Equal("nightly", added.GetProperty("name").GetString());

        var listed = Assert.Single((await Json("schedule", "list")).EnumerateArray());
        Assert.Equal("1.00:00:00", listed.GetProperty("every").GetString());
        Assert.Equal("street", listed.GetProperty("spec").GetProperty("pool").GetString());
        Assert.Equal(2, listed.GetProperty("spec").GetProperty("settings").GetProperty("iterations").GetInt32());

        await Json("schedule", "remove", "nightly");
        Assert.Empty((await Json("schedule", "list")).EnumerateArray());
    }

    [Theory]
    [InlineData(new[] { "job", "status", "job-nope" }, "job 'job-nope' not found")]
    [InlineData(new[] { "pool", "show", "nope" }, "pool 'nope' not found")]
    [InlineData(new[] { "schedule", "remove", "nope" }, "schedule 'nope' not found")]
    [InlineData(new[] { "convert", "--source", "/no/such/dataset", "--layout", "gta5", "--pool", "street", "--out", "/tmp/x" },
        "source /no/such/dataset: no such file or folder")]
    public async Task Unknown_items_fail_with_exit_1_and_one_line(string[] args, string message)
    {
        var result = await fcan.RunAsync(args);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal($"fcan: {message}", result.Stderr.Trim());
    }

    private async Task<JsonElement> Json(params string[] args)
    {
        var result = await fcan.RunAsync([.. args, "--json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json();
    }

    public void Dispose() => fcan.Dispose();
}
