using Fcan.Grains.Contracts;
using Fcan.Grains.Hosting;
using Fcan.Grains.Tests.Support;
using Fcan.Testing;
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
        var result = await TwoSiloConversion.RunAsync(postgres.Server.Uri, folder, "postgres-job");

        Assert.Equal(JobState.Completed, result.Final.State);
        Assert.Equal(4, result.VerifiedSamples);
        Assert.Equal(2, result.Silos);
        Assert.True(await CountAsync("grain_state") > 0);
        Assert.True(await CountAsync("membership") >= 2);
    }

    [Fact]
    public async Task A_wrong_password_stops_the_silo_with_one_line_that_hides_it()
    {
        using var host = FcanSiloHost.Build(TwoSiloConversion.SiloOptions(postgres.Server.UriWithPassword("not-the-password-42"), folder));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("password authentication failed", error.Message);
        Assert.Contains($"postgres://{PostgresServer.User}:***@", error.Message);
        Assert.DoesNotContain("not-the-password-42", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private async Task<long> CountAsync(string table)
    {
        await using var connection = new NpgsqlConnection(PostgresConnection.ConnectionString(postgres.Server.Uri));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
