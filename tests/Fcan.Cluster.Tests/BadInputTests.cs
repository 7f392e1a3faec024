using Fcan.Cluster.Tests.Support;
using Xunit.Abstractions;

namespace Fcan.Cluster.Tests;

/// <summary>
/// A dataset with every kind of broken item (<see cref="BrokenDataset"/>) converted through the real
/// `fcan convert --wait` on the cluster: each broken item is reported by `fcan job failures --json` with its reason,
/// every other item is converted exactly once, and nothing crashes (the silos all stay up).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class BadInputTests(ClusterFixture fixture, ITestOutputHelper output)
{
    private const string Scenario = "bad-input";

    [Fact]
    public async Task Every_broken_item_is_reported_with_its_reason_and_the_rest_converts()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await fixture.RestoreAsync(timeout.Token);
        var work = fixture.Cluster.WorkDirectory;
        var dataset = BrokenDataset.Write(Path.Combine(work, "broken"), Path.Combine(work, "outside"));
        string[] convert =
        [
            "convert", "--source", Path.Combine(work, "broken"), "--layout", "folder", "--pool", ClusterFixture.Pool,
            "--out", fixture.OutputUri(Scenario), "--size", "64x32", "--iterations", "2", "--shard-size", "5", "--wait", "--json",
        ];

        var run = await fixture.Cluster.RunFcanAsync(timeout.Token, convert);

        Assert.True(run.ExitCode == 0, run.ToString());
        var job = run.Json();
        Assert.Equal("completed", job.GetProperty("state").GetString());
        Assert.Equal(dataset.Converted.Count, job.GetProperty("progress").GetProperty("done").GetInt64());
        Assert.Equal(dataset.Failures.Count, job.GetProperty("progress").GetProperty("failed").GetInt64());
        var failures = await fixture.Cluster.RunFcanAsync(timeout.Token, "job", "failures", job.GetProperty("jobId").GetString()!, "--json");
        Assert.True(failures.ExitCode == 0, failures.ToString());
        var reported = failures.Json().EnumerateArray().ToDictionary(
            failure => failure.GetProperty("itemKey").GetString()!, failure => failure.GetProperty("reason").GetString()!);
        Assert.Equal(dataset.Failures.Keys.Order(StringComparer.Ordinal), reported.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, reason) in dataset.Failures)
            Assert.True(reported[key].Contains(reason, StringComparison.Ordinal), $"{key}: expected '{reason}' in '{reported[key]}'");
        foreach (var reason in reported.Values) Assert.DoesNotContain('\n', reason.Replace("new\nline", ""));

        var audit = await OutputAudit.ReadAsync(fixture.OpenOutput(Scenario), dataset.Converted, timeout.Token);
        var figures = $"{Scenario}: {dataset.Converted.Count + dataset.Failures.Count} items, converted {audit.Items}, " +
                      $"reported {reported.Count} ({dataset.Failures.Count} broken kinds expected), duplicates {audit.Duplicates}, lost {audit.Lost}";
        output.WriteLine(figures);
        await TestFigures.AppendAsync(figures, timeout.Token);
        Assert.Equal((dataset.Converted.Count, 0, 0, 0), (audit.Items, audit.Duplicates, audit.Lost, audit.Unexpected));
        Assert.All(fixture.Cluster.Silos, silo => Assert.True(silo.IsRunning, $"{silo.Name} crashed; see {silo.LogPath}"));
    }
}
