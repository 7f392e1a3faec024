using Fcan.Cluster.Tests.Support;
using Xunit.Abstractions;

namespace Fcan.Cluster.Tests;

/// <summary>The fault suite's scenario for a cluster whose state store is PostgreSQL: three fcan-silo processes keep
/// membership, grain state and reminders there, and PostgreSQL is restarted mid-job (a fast shutdown, as a package
/// upgrade or a failover does). In the shared collection, so it never runs beside the Redis cluster's scenarios.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PostgresFaultTests(PostgresClusterFixture fixture, ITestOutputHelper output)
    : FaultScenarios(fixture, output), IClassFixture<PostgresClusterFixture>
{
    private static readonly TimeSpan PostgresOutage = TimeSpan.FromSeconds(10);

    [Fact]
    public Task PostgreSQL_restarted_mid_job_loses_and_duplicates_nothing() =>
        RunScenarioAsync("restart-postgres", async (_, cancellationToken) =>
        {
            await Fixture.Cluster.Store.StopAsync();
            await Task.Delay(PostgresOutage, cancellationToken);
            Fixture.Cluster.Store.Restart();
        }, clientMustSurvive: true);
}
