using Fcan.Data.Storage;
using Fcan.Testing.Cluster;
using Xunit.Abstractions;

namespace Fcan.Cluster.Tests.Support;

/// <summary>What every fault scenario does around its fault: start a followed conversion on a restored cluster, follow
/// the job to its end with a new client, audit the output (the truth: every source image in the shards exactly once,
/// every shard as its manifest line records) and check that the job's status counts what the shards hold; print the
/// figures and append them to $FCAN_TEST_FIGURES for scripts/test.sh.</summary>
public abstract class FaultScenarios(ClusterFixture fixture, ITestOutputHelper output)
{
    protected static readonly TimeSpan ScenarioLimit = TimeSpan.FromMinutes(6);

    protected ClusterFixture Fixture { get; } = fixture;

    protected ITestOutputHelper Output { get; } = output;

    /// <summary>Starts a followed conversion, injects the fault once its first images are done, and checks that the
    /// job completes intact.</summary>
    protected async Task RunScenarioAsync(string scenario, Func<FollowedConversion, CancellationToken, Task> injectFault,
        bool clientMustSurvive)
    {
        using var timeout = new CancellationTokenSource(ScenarioLimit);
        await using var conversion = await StartAsync(scenario, timeout.Token);
        try
        {
            await injectFault(conversion, timeout.Token);
            await AssertCompletesIntactAsync(scenario, conversion, clientMustSurvive, Fixture.OpenOutput(scenario),
                Fixture.SourceKeys, null, timeout.Token);
        }
        catch
        {
            Explain(scenario, conversion);
            throw;
        }
    }

    /// <summary>The cluster's folder goes with the fixture: keep what the client saw, and say where the silo logs were.</summary>
    protected void Explain(string scenario, FollowedConversion conversion) =>
        Output.WriteLine($"{scenario} failed; the client so far:\n{conversion.Output}\nsilo logs in {Fixture.Cluster.WorkDirectory}"
            + $" (set {ClusterFixture.KeepVariable} to keep them)");

    protected async Task<FollowedConversion> StartAsync(string scenario, CancellationToken cancellationToken)
    {
        await Fixture.RestoreAsync(cancellationToken);
        return await FollowedConversion.StartAsync(Fixture.Cluster, Fixture.ConvertArguments(scenario), done: 1, cancellationToken);
    }

    /// <summary>The silo whose log says it started the job: the one its grain lives on.</summary>
    protected SiloProcess JobSilo(string jobId) =>
        Fixture.Cluster.Silos.Single(silo => silo.ReadLog().Contains($"Job {jobId} started", StringComparison.Ordinal));

    /// <summary>Waits until the job counts <paramref name="done"/> images done: as the following client prints it, or,
    /// once that client has ended (it may, with the job's silo), as `fcan job status` says.</summary>
    protected async Task WaitUntilDoneAsync(FollowedConversion conversion, int done, CancellationToken cancellationToken)
    {
        while (conversion.Done < done)
        {
            if (conversion.HasExited)
            {
                var status = await Fixture.Cluster.RunFcanAsync(cancellationToken, "job", "status", conversion.JobId, "--json");
                if (status.ExitCode == 0 && status.Json().GetProperty("progress").GetProperty("done").GetInt64() >= done) return;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }

    protected async Task AssertCompletesIntactAsync(string scenario, FollowedConversion conversion, bool clientMustSurvive,
        IBlobStore store, IReadOnlyList<string> keys, string? note, CancellationToken cancellationToken)
    {
        var exit = await conversion.WaitForExitAsync(cancellationToken);
        if (clientMustSurvive) Assert.True(exit == 0, $"fcan convert --wait exited with {exit}\n{conversion.Output}");
        else if (exit != 0) Output.WriteLine($"{scenario}: the following client ended with {exit}; a new client follows the job");
        var done = await AssertFollowedToCompletionAsync(conversion.JobId, cancellationToken);
        await AssertIntactAsync(scenario, store, keys, done, note, cancellationToken);
    }

    /// <summary>A new client: `fcan job resume ID --wait` (a no-op on a running job) follows it to its end; returns
    /// the number of images the final status counts as done.</summary>
    protected async Task<long> AssertFollowedToCompletionAsync(string jobId, CancellationToken cancellationToken)
    {
        var final = await Fixture.Cluster.RunFcanAsync(cancellationToken, "job", "resume", jobId, "--wait", "--json");
        Assert.True(final.ExitCode == 0, final.ToString());
        Assert.Equal("completed", final.Json().GetProperty("state").GetString());
        Output.WriteLine($"{jobId} final progress: {final.Json().GetProperty("progress")}");
        return final.Json().GetProperty("progress").GetProperty("done").GetInt64();
    }

    /// <summary>Checks the output itself (the truth) and prints the figures, with the status' own count of done images
    /// next to them (none when no job completed), which must be the shards' count.</summary>
    protected async Task AssertIntactAsync(string scenario, IBlobStore store, IReadOnlyList<string> keys, long? statusDone,
        string? note, CancellationToken cancellationToken)
    {
        var audit = await OutputAudit.ReadAsync(store, keys, cancellationToken);
        var status = statusDone is { } done ? $"status counts {done} done" : "no job completed";
        var figures = $"{audit.Figures(scenario, jobsCompleted: statusDone is null ? 0 : 1)} ({status}{(note is null ? "" : $"; {note}")})";
        Output.WriteLine(figures);
        await TestFigures.AppendAsync(figures, cancellationToken);
        Assert.Equal(new OutputAudit(keys.Count / 5, keys.Count, 0, 0, 0), audit);
        if (statusDone is not null) Assert.Equal(audit.Items, statusDone.Value);
    }
}
