using Fcan.Data.Shards;
using Fcan.Data.Storage;
using Fcan.Data.Synthetic;
using Fcan.Grains.Client;
using Fcan.Grains.Contracts;
using Fcan.Grains.Hosting;
using Fcan.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Fcan.Grains.Tests.Hosting;

/// <summary>Cluster mode on PostgreSQL as fcan-silo runs it: two silo hosts create the schema on an empty database,
/// then share membership, grain state and reminders there while converting a small synthetic dataset.</summary>
public sealed class PostgresClusterTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("fcan-postgres-").FullName;

    [Fact]
    public async Task Two_silos_on_postgres_convert_a_dataset_together()
    {
        var dataset = SyntheticDataset.Generate(Path.Combine(folder, "data"),
            new SyntheticDatasetOptions { SourceImages = 4, TargetImages = 2, Width = 64, Height = 64 });
        var targets = Directory.GetFiles(dataset.Target, "*_leftImg8bit.png", SearchOption.AllDirectories).Order().ToList();
        var output = Path.Combine(folder, "out");
        using var first = await StartAsync(postgres.Server.Uri);
        using var second = await StartAsync(postgres.Server.Uri);
        var client = new FcanClusterClient(second.Services.GetRequiredService<IClusterClient>());

        await client.DefinePoolAsync("city", new PoolDefinition(targets, null), CancellationToken.None);
        await client.StartJobAsync("postgres-job",
            new JobSpec(dataset.Source, "gta5", "city", 0, new RenderSettings(2, null, 1), output, ShardSize: 2),
            CancellationToken.None);
        JobStatus? final = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await foreach (var status in client.WatchJobAsync("postgres-job", TimeSpan.FromMilliseconds(200), timeout.Token))
            final = status;
        var cluster = await client.GetClusterStatusAsync(CancellationToken.None);
        await second.StopAsync();
        await first.StopAsync();

        Assert.Equal(JobState.Completed, final!.State);
        Assert.Equal(4, (await ShardReader.VerifyAsync(BlobStores.Open(output), CancellationToken.None)).Count);
        Assert.Equal(2, cluster.Silos.Count);
        Assert.True(await CountAsync("fcan_grain_state") > 0);
        Assert.True(await CountAsync("fcan_membership") >= 2);
    }

    [Fact]
    public async Task A_wrong_password_stops_the_silo_with_one_line_that_hides_it()
    {
        using var host = FcanSiloHost.Build(Options(postgres.Server.UriWithPassword("not-the-password-42")));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("password authentication failed", error.Message);
        Assert.Contains($"postgres://{PostgresServer.User}:***@", error.Message);
        Assert.DoesNotContain("not-the-password-42", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private async Task<IHost> StartAsync(string cluster)
    {
        var host = FcanSiloHost.Build(Options(cluster));
        await host.StartAsync();
        return host;
    }

    private FcanSiloOptions Options(string cluster) => new()
    {
        Cluster = cluster,
        PoolStore = Path.Combine(folder, "pools"),
        SiloPort = FreePort.Next(),
        GatewayPort = FreePort.Next(),
        Devices = ["cpu"],
    };

    private async Task<long> CountAsync(string table)
    {
        await using var connection = new NpgsqlConnection(PostgresConnection.ConnectionString(postgres.Server.Uri));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
