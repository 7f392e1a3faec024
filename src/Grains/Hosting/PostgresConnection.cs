using Npgsql;

namespace Fcan.Grains.Hosting;

/// <summary>Turns "postgres://user:password@host[:port]/database" (or postgresql://) into an Npgsql connection
/// string, for the silos' ADO.NET providers and for clients that join through the same membership table.</summary>
public static class PostgresConnection
{
    /// <summary>The ADO.NET invariant Orleans' providers use for Npgsql.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>The PostgreSQL schema that holds everything of Fcan's. Every connection searches only it, so the
    /// providers' unqualified `OrleansQuery` and Fcan's tables resolve there, and another application's Orleans tables
    /// in `public` of the same database are neither read nor touched.</summary>
    public const string Schema = "fcan";

    public static bool Names(string? cluster) =>
        cluster is not null && (cluster.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || cluster.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase));

    public static string ConnectionString(string uri)
    {
        var parsed = new Uri(uri);
        var database = Uri.UnescapeDataString(parsed.AbsolutePath.Trim('/'));
        if (database.Length == 0)
            throw new ArgumentException($"cluster {SecretRedactor.Redact(uri)}: names no database (postgres://user:password@host/database)");
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = parsed.Host,
            Port = parsed.Port > 0 ? parsed.Port : 5432,
            Database = database,
            SearchPath = Schema,
            Timeout = 5,
        };
        if (parsed.UserInfo.Length > 0)
        {
            var parts = parsed.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2) builder.Password = Uri.UnescapeDataString(parts[1]);
        }
        return builder.ConnectionString;
    }
}
