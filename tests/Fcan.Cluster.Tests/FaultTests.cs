using Fcan.Cluster.Tests.Support;
using Fcan.Data.Storage;
using Fcan.Testing.Cluster;
using Xunit.Abstractions;

namespace Fcan.Cluster.Tests;

/// <summary>
/// Conversions of <see cref="ClusterFixture.SourceImages"/> images on three fcan-silo processes survive each fault
/// injected once a first image is done: the job completes, every source image is in the shards exactly once, every
/// shard matches the size, member count and SHA-256 its manifest line records, and the job's status counts as done
/// exactly the images its shards hold. Each scenario prints its figures (and appends them to $FCAN_TEST_FIGURES for
/// scripts/test.sh).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FaultTests(ClusterFixture fixture, ITestOutputHelper output) : FaultScenarios(fixture, output)
{
    private static readonly TimeSpan RedisOutage = TimeSpan.FromSeconds(5);

    /// <summary>How long Azurite stays down: the output outage (90 s), which is also the source outage (at least
    /// 60 s), since one Azurite holds both. That is about seven times what the Azure SDK's own retries bridge (6
    /// retries from 0.2 s doubling: about 13 s), so an item in flight meets the outage many times over its attempts
    /// (--max-attempts 3): were outages to spend attempts, it would fail. FCAN_FAULT_AZURE_OUTAGE_SECONDS sets
    /// another length.</summary>
    private static readonly TimeSpan AzureOutage = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("FCAN_FAULT_AZURE_OUTAGE_SECONDS"), out var seconds) ? seconds : 90);

    [Fact]
    public Task The_silo_holding_the_job_killed_with_sigkill_mid_job_loses_and_duplicates_nothing() =>
        // The following client may lose its progress stream with the job's silo; a new client then follows the job.
        RunScenarioAsync("kill-job-silo", (conversion, _) => JobSilo(conversion.JobId).KillAsync(), clientMustSurvive: false);

    [Fact]
    public Task Each_silo_killed_in_turn_mid_job_loses_and_duplicates_nothing() =>
        RunScenarioAsync("kill-silo-3x", async (conversion, cancellationToken) =>
        {
            // Three kills of one job, each silo once, at a quarter, a half and three quarters of the way; each killed
            // silo is started again at once, as systemd or Kubernetes would, so the next kill leaves two running.
            for (var kill = 0; kill < ClusterFixture.SiloCount; kill++)
            {
                if (kill > 0) await WaitUntilDoneAsync(conversion, kill * ClusterFixture.SourceImages / 4, cancellationToken);
                var silo = Fixture.Cluster.Silos[kill];
                await silo.KillAsync();
                Output.WriteLine($"kill-silo-3x: killed {silo.Name}");
                silo.Start();
            }
        }, clientMustSurvive: false);

    [Fact]
    public Task Redis_stopped_and_restarted_mid_job_loses_and_duplicates_nothing() =>
        RunScenarioAsync("restart-redis", async (_, cancellationToken) =>
        {
            await Fixture.Cluster.Store.StopAsync();
            await Task.Delay(RedisOutage, cancellationToken);
            Fixture.Cluster.Store.Restart();
        }, clientMustSurvive: true);

    /// <summary>One Azurite stop is two outages at once: the source of one job (its output is a folder) and the output
    /// of another (its source is a folder); each job prints its own figures.</summary>
    [Fact]
    public async Task Azure_down_under_one_jobs_source_and_another_jobs_output_loses_and_duplicates_nothing()
    {
        using var timeout = new CancellationTokenSource(ScenarioLimit);
        await Fixture.RestoreAsync(timeout.Token);
        var keys = Fixture.SourceKeys.Take(ClusterFixture.AzureSourceImages).ToList();
        var sourceOutage = FollowedConversion.StartAsync(Fixture.Cluster,
            Fixture.ConvertArguments(ClusterFixture.AzureSource, Fixture.LocalOutput("source-outage")), done: 1, timeout.Token);
        var outputOutage = FollowedConversion.StartAsync(Fixture.Cluster,
            Fixture.ConvertArguments(Fixture.SourceFolder, Fixture.OutputUri("output-outage"), "--limit", keys.Count.ToString()),
            done: 1, timeout.Token);
        await using var sourceJob = await sourceOutage;
        await using var outputJob = await outputOutage;
        try
        {
            await Fixture.Cluster.Azurite.StopAsync();
            await Task.Delay(AzureOutage, timeout.Token);
            Fixture.Cluster.Azurite.Restart();
            var outage = $"Azurite down {AzureOutage.TotalSeconds:0} s";
            await AssertCompletesIntactAsync("source-outage", sourceJob, clientMustSurvive: true,
                BlobStores.Open(Fixture.LocalOutput("source-outage")), keys, outage, timeout.Token);
            await AssertCompletesIntactAsync("output-outage", outputJob, clientMustSurvive: true,
                Fixture.OpenOutput("output-outage"), keys, outage, timeout.Token);
        }
        catch
        {
            Explain("azure outage", sourceJob);
            Explain("azure outage", outputJob);
            throw;
        }
    }

    /// <summary>Two refusals that keep the current dataset: a second job into an output a job is writing, and then,
    /// once that job is done, a refresh of its output from a source that lists nothing (an unmounted volume). Each
    /// prints its figures: the first job's output after each.</summary>
    [Fact]
    public async Task A_second_job_into_a_busy_output_and_a_refresh_from_an_emptied_source_are_refused_and_lose_nothing()
    {
        const string scenario = "two-jobs";
        using var timeout = new CancellationTokenSource(ScenarioLimit);
        await using var conversion = await StartAsync(scenario, timeout.Token);
        try
        {
            var second = await Fixture.Cluster.RunFcanAsync(timeout.Token, Fixture.ConvertArguments(scenario));
            Assert.True(second.ExitCode == 1, second.ToString());
            Assert.Contains($"is being written by job '{conversion.JobId}' (running)", second.Stderr);
            await AssertCompletesIntactAsync(scenario, conversion, clientMustSurvive: true, Fixture.OpenOutput(scenario),
                Fixture.SourceKeys, "a second job was refused", timeout.Token);

            var emptied = Directory.CreateDirectory(Path.Combine(Fixture.Cluster.WorkDirectory, "emptied")).FullName;
            var refresh = await Fixture.Cluster.RunFcanAsync(timeout.Token,
                [.. Fixture.ConvertArguments(emptied, Fixture.OutputUri(scenario)), "--wait", "--json"]);
            Assert.True(refresh.ExitCode == 1, refresh.ToString());
            Assert.Contains("holds no folder items (missing, empty or not mounted?)", refresh.Stdout + refresh.Stderr);
            await AssertIntactAsync("emptied-refresh", Fixture.OpenOutput(scenario), Fixture.SourceKeys, statusDone: null,
                "the refresh failed, generation 1 stands", timeout.Token);
        }
        catch
        {
            Explain(scenario, conversion);
            throw;
        }
    }

    [Fact]
    public async Task A_client_killed_mid_wait_leaves_a_job_that_a_new_client_follows_to_the_end()
    {
        using var timeout = new CancellationTokenSource(ScenarioLimit);
        await using var conversion = await StartAsync("kill-client", timeout.Token);

        await conversion.KillAsync();

        var status = await Fixture.Cluster.RunFcanAsync(timeout.Token, "job", "status", conversion.JobId, "--json");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains(status.Json().GetProperty("state").GetString(), new[] { "running", "completed" });
        var done = await AssertFollowedToCompletionAsync(conversion.JobId, timeout.Token);
        await AssertIntactAsync("kill-client", Fixture.OpenOutput("kill-client"), Fixture.SourceKeys, done, null, timeout.Token);
    }
}
