using Fcan.Grains.Hosting;
using Fcan.Testing;
using Npgsql;

namespace Fcan.Grains.Tests.Hosting;

/// <summary>Fcan's PostgreSQL schema on a real server: applied twice, beside another application's Orleans tables and
/// over an earlier Fcan's tables, and checked against Orleans' ADO.NET providers. Each test has a database of its own.</summary>
public sealed class PostgresSchemaTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    // Another Orleans application's tables in `public`, as Orleans' own scripts lay them out, with its own texts for
    // keys Fcan also uses.
    private const string AnotherApplicationsTables = """
        CREATE TABLE public.OrleansQuery (QueryKey varchar(64) NOT NULL PRIMARY KEY, QueryText varchar(8000) NOT NULL);
        INSERT INTO public.OrleansQuery VALUES
            ('GatewaysQueryKey', 'SELECT Address, ProxyPort, Generation FROM OrleansMembershipTable WHERE Status = @Status'),
            ('WriteToStorageKey', 'SELECT WriteToStorage(@GrainIdHash, @PayloadBinary)'),
            ('ItsOwnKey', 'SELECT 1');
        CREATE TABLE public.OrleansMembershipTable (DeploymentId varchar(150) NOT NULL, Address varchar(45) NOT NULL,
            Port integer NOT NULL, Generation integer NOT NULL, SiloName varchar(150) NOT NULL, Status integer NOT NULL,
            PRIMARY KEY (DeploymentId, Address, Port, Generation));
        INSERT INTO public.OrleansMembershipTable VALUES ('its-cluster', '10.1.2.3', 11111, 42, 'its-silo', 3);
        """;

    // An earlier Fcan's tables (before the fcan schema), with one job's state and one reminder.
    private const string EarlierFcansTables = """
        CREATE TABLE public.OrleansQuery (QueryKey varchar(64) PRIMARY KEY, QueryText text NOT NULL);
        INSERT INTO public.OrleansQuery VALUES ('ReadFromStorageKey', 'SELECT payload FROM fcan_grain_state');
        CREATE TABLE public.fcan_grain_state (service_id varchar(150) NOT NULL, grain_type_hash integer NOT NULL,
            grain_type varchar(512) NOT NULL, grain_id_hash integer NOT NULL, grain_id_n0 bigint NOT NULL,
            grain_id_n1 bigint NOT NULL, grain_id_extension text NULL, payload bytea NULL, version integer NOT NULL,
            modified_at timestamptz NOT NULL DEFAULT now());
        INSERT INTO public.fcan_grain_state VALUES
            ('fcan', 7, 'job', 11, 0, 0, 'demo-job', '\x0102', 5, '2026-11-30 12:00:00+00');
        CREATE TABLE public.fcan_reminders (service_id varchar(150) NOT NULL, grain_id varchar(1024) NOT NULL,
            reminder_name varchar(150) NOT NULL, grain_hash integer NOT NULL, start_time timestamptz NOT NULL,
            period bigint NOT NULL, version integer NOT NULL, PRIMARY KEY (service_id, grain_id, reminder_name));
        INSERT INTO public.fcan_reminders VALUES ('fcan', 'job/demo-job', 'lease-sweep', 99, '2026-11-30 12:00:00+00', 60000, 2);
        """;

    [Fact]
    public async Task The_schema_leaves_another_applications_orleans_tables_as_they_were()
    {
        var uri = postgres.Server.CreateDatabase("beside_another_application");
        await ExecuteAsync(uri, AnotherApplicationsTables);
        var before = await SnapshotAsync(uri, "public");

        await new PostgresSchema(uri).ApplyAsync(CancellationToken.None);
        await new PostgresSchema(uri).ApplyAsync(CancellationToken.None);

        Assert.Equal(before, await SnapshotAsync(uri, "public"));
        // The providers, reading through Fcan's connection, see Fcan's queries and none of the other application's.
        var seen = await ProvidersQueriesAsync(uri);
        Assert.Contains("FROM membership", seen["GatewaysQueryKey"]);
        Assert.DoesNotContain("ItsOwnKey", seen.Keys);
    }

    [Fact]
    public async Task Applying_the_schema_again_changes_nothing_and_records_each_migration_once()
    {
        var uri = postgres.Server.CreateDatabase("applied_twice");
        await new PostgresSchema(uri).ApplyAsync(CancellationToken.None);
        var once = await SnapshotAsync(uri, PostgresConnection.Schema);

        await new PostgresSchema(uri).ApplyAsync(CancellationToken.None);

        Assert.Equal(once, await SnapshotAsync(uri, PostgresConnection.Schema));
        Assert.Equal(Enumerable.Range(1, PostgresSchema.Version).Select(v => v.ToString()),
            await ReadAsync(uri, "SELECT version::text FROM schema_version ORDER BY version"));
    }

    [Fact]
    public async Task A_query_the_providers_read_that_is_missing_stops_the_silo_with_one_line()
    {
        var uri = postgres.Server.CreateDatabase("missing_query");
        await new PostgresSchema(uri).ApplyAsync(CancellationToken.None);
        await ExecuteAsync(uri, "DELETE FROM OrleansQuery WHERE QueryKey = 'ReadReminderRowKey'");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new PostgresSchema(uri).ApplyAsync(CancellationToken.None));

        Assert.Contains("no ReadReminderRowKey, which Orleans.Reminders.AdoNet 10.", error.Message);
        Assert.StartsWith($"cluster postgres://{PostgresServer.User}:***@", error.Message);
        Assert.DoesNotContain(postgres.Server.Password, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task A_schema_newer_than_this_build_stops_the_silo()
    {
        var uri = postgres.Server.CreateDatabase("newer_schema");
        await new PostgresSchema(uri).ApplyAsync(CancellationToken.None);
        await ExecuteAsync(uri, $"INSERT INTO schema_version (version, name) VALUES ({PostgresSchema.Version + 1}, 'from a newer fcan')");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new PostgresSchema(uri).ApplyAsync(CancellationToken.None));

        Assert.Contains($"at version {PostgresSchema.Version + 1}, newer than this build's {PostgresSchema.Version}", error.Message);
    }

    [Fact]
    public async Task An_earlier_fcans_state_and_reminders_are_carried_over_and_its_tables_left_as_they_were()
    {
        var uri = postgres.Server.CreateDatabase("earlier_fcan");
        await ExecuteAsync(uri, EarlierFcansTables);
        var before = await SnapshotAsync(uri, "public");

        await new PostgresSchema(uri).ApplyAsync(CancellationToken.None);

        Assert.Equal(before, await SnapshotAsync(uri, "public"));
        Assert.Equal(["demo-job 5 \\x0102"],
            await ReadAsync(uri, "SELECT grain_id_extension || ' ' || version || ' ' || payload::text FROM grain_state"));
        Assert.Equal(["job/demo-job lease-sweep 2"],
            await ReadAsync(uri, "SELECT grain_id || ' ' || reminder_name || ' ' || version FROM reminders"));
    }

    private static async Task ExecuteAsync(string uri, string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresConnection.ConnectionString(uri));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<IReadOnlyDictionary<string, string>> ProvidersQueriesAsync(string uri)
    {
        await using var connection = new NpgsqlConnection(PostgresConnection.ConnectionString(uri));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(OrleansQueryContract.ReadQuery, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var queries = new Dictionary<string, string>();
        while (await reader.ReadAsync()) queries.Add(reader.GetString(0), reader.GetString(1));
        return queries;
    }

    /// <summary>Every table of a schema: its columns and types, then its rows as text, sorted.</summary>
    private static async Task<IReadOnlyList<string>> SnapshotAsync(string uri, string schema)
    {
        var snapshot = new List<string>(await ReadAsync(uri, """
            SELECT table_name || '(' || string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position) || ')'
            FROM information_schema.columns WHERE table_schema = @schema GROUP BY table_name ORDER BY table_name
            """, schema));
        foreach (var table in await ReadAsync(uri,
            "SELECT table_name FROM information_schema.tables WHERE table_schema = @schema ORDER BY table_name", schema))
            snapshot.AddRange(await ReadAsync(uri, $"SELECT t::text FROM \"{schema}\".\"{table}\" t ORDER BY 1"));
        return snapshot;
    }

    private static async Task<IReadOnlyList<string>> ReadAsync(string uri, string sql, string? schema = null)
    {
        await using var connection = new NpgsqlConnection(PostgresConnection.ConnectionString(uri));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (schema is not null) command.Parameters.AddWithValue("schema", schema);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync()) values.Add(reader.GetString(0));
        return values;
    }
}
