using System.Text.RegularExpressions;
using Npgsql;

namespace Fcan.Grains.Hosting;

/// <summary>Brings Fcan's PostgreSQL schema (<see cref="PostgresConnection.Schema"/>) to the version this build needs
/// before Orleans' ADO.NET providers start, then checks its queries against those providers
/// (<see cref="OrleansQueryContract"/>). The migrations (Hosting/Postgres/N-name.sql, embedded) each run once, in order,
/// in one transaction under an advisory lock, so silos starting together never race; `schema_version` records each.
/// Nothing outside Fcan's schema is written; only an earlier Fcan's own tables are read (5-earlier-tables.sql).</summary>
public sealed partial class PostgresSchema(string uri) : ILifecycleParticipant<ISiloLifecycle>
{
    // Any constant works; it only has to be the same for every silo of every Fcan version.
    private const long MigrationLock = 0x46_63_61_6E;

    private static readonly IReadOnlyList<Migration> Migrations = LoadMigrations();

    /// <summary>The version this build brings a database to: its last migration's number.</summary>
    public static int Version => Migrations[^1].Number;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PostgresSchema), ServiceLifecycleStage.First, ApplyAsync);

    /// <summary>Runs the migrations the database lacks and checks the providers' queries. An unreachable server, a
    /// refused login, a schema newer than this build or a query the providers cannot use becomes one line naming the
    /// cluster without its password.</summary>
    public async Task ApplyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(PostgresConnection.ConnectionString(uri));
            await connection.OpenAsync(cancellationToken);
            await MigrateAsync(connection, cancellationToken);
            var problems = OrleansQueryContract.Problems(await StoredQueriesAsync(connection, cancellationToken));
            if (problems.Count > 0)
                throw new InvalidOperationException(
                    $"{PostgresConnection.Schema}.OrleansQuery does not fit Orleans' ADO.NET providers: {string.Join("; ", problems)}");
        }
        catch (Exception error) when (error is NpgsqlException or InvalidOperationException)
        {
            var reason = error is NpgsqlException npgsql ? Reason(npgsql) : error.Message;
            throw new InvalidOperationException($"cluster {SecretRedactor.Redact(uri)}: {SecretRedactor.Redact(reason)}", error);
        }
    }

    private static async Task MigrateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLock})", cancellationToken);
        // CREATE SCHEMA IF NOT EXISTS would still need the right to create schemas; one an administrator made for Fcan
        // (owned by its login) is enough.
        await ExecuteAsync(connection, transaction, $"""
            DO $$ BEGIN
                IF to_regnamespace('{PostgresConnection.Schema}') IS NULL THEN CREATE SCHEMA {PostgresConnection.Schema}; END IF;
            END $$;
            CREATE TABLE IF NOT EXISTS schema_version
            (
                version integer PRIMARY KEY,
                name text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            """, cancellationToken);
        var applied = new HashSet<int>();
        await using (var read = new NpgsqlCommand("SELECT version FROM schema_version", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken)) applied.Add(reader.GetInt32(0));
        if (applied.Count > 0 && applied.Max() > Version)
            throw new InvalidOperationException($"schema {PostgresConnection.Schema} is at version {applied.Max()}, newer than "
                + $"this build's {Version}: run the newer fcan-silo");
        foreach (var migration in Migrations.Where(m => !applied.Contains(m.Number)))
        {
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
            await using var record = new NpgsqlCommand("INSERT INTO schema_version (version, name) VALUES (@version, @name)",
                connection, transaction);
            record.Parameters.AddWithValue("version", migration.Number);
            record.Parameters.AddWithValue("name", migration.Name);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The stored queries, read the way the providers read them.</summary>
    private static async Task<IReadOnlyDictionary<string, string>> StoredQueriesAsync(NpgsqlConnection connection,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(OrleansQueryContract.ReadQuery, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var queries = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken)) queries[reader.GetString(0)] = reader.GetString(1);
        return queries;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record Migration(int Number, string Name, string Sql);

    /// <summary>The embedded migrations in number order; the numbers must run 1, 2, 3... without gaps or repeats.</summary>
    private static IReadOnlyList<Migration> LoadMigrations()
    {
        var assembly = typeof(PostgresSchema).Assembly;
        var migrations = assembly.GetManifestResourceNames().Select(resource => (resource, MigrationName().Match(resource)))
            .Where(m => m.Item2.Success)
            .Select(m =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(m.resource)!);
                return new Migration(int.Parse(m.Item2.Groups["number"].Value), m.Item2.Groups["name"].Value, reader.ReadToEnd());
            })
            .OrderBy(m => m.Number).ToList();
        if (!migrations.Select(m => m.Number).SequenceEqual(Enumerable.Range(1, migrations.Count)))
            throw new InvalidOperationException($"PostgreSQL migrations are numbered {string.Join(", ", migrations.Select(m => m.Number))}, not 1 to {migrations.Count}");
        return migrations;
    }

    [GeneratedRegex(@"^Fcan\.Postgres\.(?<number>\d+)-(?<name>.+)\.sql$")]
    private static partial Regex MigrationName();

    /// <summary>The server's own words when it answered (e.g. "password authentication failed for user ..."),
    /// otherwise the innermost cause (e.g. "Connection refused").</summary>
    private static string Reason(NpgsqlException error)
    {
        if (error is PostgresException postgres) return postgres.MessageText;
        Exception inner = error;
        while (inner.InnerException is not null) inner = inner.InnerException;
        return inner == error ? error.Message : $"{error.Message.TrimEnd('.')} ({inner.Message})";
    }
}
