using Npgsql;

namespace Fcan.Grains.Hosting;

/// <summary>Makes sure the PostgreSQL database of a cluster holds the tables and queries Orleans' ADO.NET clustering,
/// grain storage and reminders need, before any of them starts: the scripts (Hosting/Postgres/*.sql, embedded) are
/// idempotent and run in one transaction under an advisory lock, so silos starting together never race.</summary>
public sealed class PostgresSchema(string uri) : ILifecycleParticipant<ISiloLifecycle>
{
    // Any constant works; it only has to be the same for every silo of every Fcan version.
    private const long MigrationLock = 0x46_63_61_6E;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PostgresSchema), ServiceLifecycleStage.First, ApplyAsync);

    /// <summary>Creates what is missing; an unreachable server or a refused login becomes one line naming the
    /// cluster without its password.</summary>
    public async Task ApplyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(PostgresConnection.ConnectionString(uri));
            await connection.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLock})", cancellationToken);
            foreach (var script in Scripts())
                await ExecuteAsync(connection, transaction, script, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (NpgsqlException error)
        {
            throw new InvalidOperationException(
                $"cluster {SecretRedactor.Redact(uri)}: {SecretRedactor.Redact(Reason(error))}", error);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static IEnumerable<string> Scripts()
    {
        var assembly = typeof(PostgresSchema).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Fcan.Postgres.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            yield return reader.ReadToEnd();
        }
    }

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
