using Fcan.Cluster.Tests.Support;
using Xunit.Abstractions;

namespace Fcan.Cluster.Tests;

/// <summary>
/// A conversion of <see cref="ClusterFixture.SourceImages"/> images on three fcan-silo processes, with its output in
/// Azurite, survives each fault injected once a first shard of images is done: the job completes, every source image
/// is in the shards exactly once, and every shard matches the size, member count and SHA-256 its manifest line
/// records. Each scenario prints its figures (and appends them to $FCAN_TEST_FIGURES for scripts/test.sh).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FaultTests(ClusterFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan ScenarioLimit = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan AzuriteOutage = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan RedisOutage = TimeSpan.FromSeconds(5);

    [Fact]
    public Task A_silo_killed_with_sigkill_mid_job_loses_and_duplicates_nothing() =>
        // The following client may lose its progress stream with the job's silo; a new client then follows the job.
        RunScenarioAsync("kill-silo", _ => fixture.Cluster.Silos[0].KillAsync(), clientMustSurvive: false);

    [Fact]
    public Task Redis_stopped_and_restarted_mid_job_loses_and_duplicates_nothing() =>
        RunScenarioAsync("restart-redis", async cancellationToken =>
        {
            await fixture.Cluster.Redis.StopAsync();
            await Task.Delay(RedisOutage, cancellationToken);
            fixture.Cluster.Redis.Restart();
        }, clientMustSurvive: true);

    [Fact]
    public Task Azurite_stopped_for_20_seconds_mid_job_loses_and_duplicates_nothing() =>
        RunScenarioAsync("stop-azurite", async cancellationToken =>
        {
            await fixture.Cluster.Azurite.StopAsync();
            await Task.Delay(AzuriteOutage, cancellationToken);
            fixture.Cluster.Azurite.Restart();
        }, clientMustSurvive: true);

    [Fact]
    public async Task A_client_killed_mid_wait_leaves_a_job_that_a_new_client_follows_to_the_end()
    {
        using var timeout = new CancellationTokenSource(ScenarioLimit);
        await using var conversion = await StartAsync("kill-client", timeout.Token);

        await conversion.KillAsync();

        var status = await fixture.Cluster.RunFcanAsync(timeout.Token, "job", "status", conversion.JobId, "--json");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains(status.Json().GetProperty("state").GetString(), new[] { "running", "completed" });
        var done = await AssertFollowedToCompletionAsync(conversion.JobId, timeout.Token);
        await AssertIntactAsync("kill-client", done, timeout.Token);
    }

    /// <summary>Starts a followed conversion, injects the fault once its first images are done, and checks that the
    /// job completes intact.</summary>
    private async Task RunScenarioAsync(string scenario, Func<CancellationToken, Task> injectFault, bool clientMustSurvive)
    {
        using var timeout = new CancellationTokenSource(ScenarioLimit);
        await using var conversion = await StartAsync(scenario, timeout.Token);
        try
        {
            await injectFault(timeout.Token);
            await AssertCompletesIntactAsync(scenario, conversion, clientMustSurvive, timeout.Token);
        }
        catch
        {
            // The cluster's folder goes with the fixture: keep what the client saw, and say where the silo logs were.
            output.WriteLine($"{scenario} failed; the client so far:\n{conversion.Output}\nsilo logs in {fixture.Cluster.WorkDirectory}"
                + $" (set {ClusterFixture.KeepVariable} to keep them)");
            throw;
        }
    }

    private async Task<FollowedConversion> StartAsync(string scenario, CancellationToken cancellationToken)
    {
        await fixture.RestoreAsync(cancellationToken);
        return await FollowedConversion.StartAsync(fixture.Cluster, fixture.ConvertArguments(scenario), done: 1, cancellationToken);
    }

    private async Task AssertCompletesIntactAsync(string scenario, FollowedConversion conversion, bool clientMustSurvive,
        CancellationToken cancellationToken)
    {
        var exit = await conversion.WaitForExitAsync(cancellationToken);
        if (clientMustSurvive) Assert.True(exit == 0, $"fcan convert --wait exited with {exit}\n{conversion.Output}");
        else if (exit != 0) output.WriteLine($"{scenario}: the following client ended with {exit}; a new client follows the job");
        var done = await AssertFollowedToCompletionAsync(conversion.JobId, cancellationToken);
        await AssertIntactAsync(scenario, done, cancellationToken);
    }

    /// <summary>A new client: `fcan job resume ID --wait` (a no-op on a running job) follows it to its end; returns
    /// the number of images the final status counts as done.</summary>
    private async Task<long> AssertFollowedToCompletionAsync(string jobId, CancellationToken cancellationToken)
    {
        var final = await fixture.Cluster.RunFcanAsync(cancellationToken, "job", "resume", jobId, "--wait", "--json");
        Assert.True(final.ExitCode == 0, final.ToString());
        Assert.Equal("completed", final.Json().GetProperty("state").GetString());
        return final.Json().GetProperty("progress").GetProperty("done").GetInt64();
    }

    /// <summary>Checks the output itself (the truth) and prints the figures, with the status' own count of done
    /// images next to them: after a silo holding the job dies, that count can lag behind the shards (known gap).</summary>
    private async Task AssertIntactAsync(string scenario, long statusDone, CancellationToken cancellationToken)
    {
        var audit = await OutputAudit.ReadAsync(fixture.OpenOutput(scenario), fixture.SourceKeys, cancellationToken);
        var figures = $"{audit.Figures(scenario, jobsCompleted: 1)} (status counts {statusDone} done)";
        output.WriteLine(figures);
        await TestFigures.AppendAsync(figures, cancellationToken);
        Assert.Equal(new OutputAudit(ClusterFixture.SourceImages / 5, ClusterFixture.SourceImages, 0, 0, 0), audit);
    }
}
