using Fcan.Client.Cli;
using Fcan.Grains.Hosting;

namespace Fcan.Client.Connection;

/// <summary>
/// The parsed `--cluster` value: `redis://host:port`, `postgres://user:pw@host[:port]/db`, `host:port` (a gateway),
/// or none (embedded). <see cref="Display"/> is safe to print; <see cref="Value"/> may hold a password.
/// </summary>
public sealed record ClusterAddress(ClusterKind Kind, string Value)
{
    public static ClusterAddress Embedded { get; } = new(ClusterKind.Embedded, "");

    public string Display => Kind == ClusterKind.Embedded ? "embedded" : SecretRedactor.Redact(Value);

    /// <summary>Parses a connection; throws <see cref="UsageException"/> naming the (redacted) value and the reason.</summary>
    public static ClusterAddress Parse(string? connection)
    {
        if (string.IsNullOrWhiteSpace(connection)) return Embedded;
        var value = connection.Trim();
        if (value.StartsWith("redis://", StringComparison.OrdinalIgnoreCase))
            return Checked(ClusterKind.Redis, value, needsDatabase: false);
        if (value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return Checked(ClusterKind.Postgres, value, needsDatabase: true);
        if (value.Contains("://", StringComparison.Ordinal))
            throw Bad(value, "unknown scheme; use redis://, postgres:// or host:port");
        return ParseGateway(value);
    }

    /// <summary>The gateway's host and port (only for <see cref="ClusterKind.Gateway"/>).</summary>
    public (string Host, int Port) GatewayEndpoint()
    {
        var colon = Value.LastIndexOf(':');
        return (Value[..colon], int.Parse(Value[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static ClusterAddress Checked(ClusterKind kind, string value, bool needsDatabase)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw Bad(value, "not a valid URI with a host");
        if (needsDatabase && uri.AbsolutePath.Trim('/').Length == 0)
            throw Bad(value, "names no database (postgres://user:password@host/database)");
        return new ClusterAddress(kind, value);
    }

    private static ClusterAddress ParseGateway(string value)
    {
        var colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value[(colon + 1)..], out var port) || port is < 1 or > 65535)
            throw Bad(value, "expected host:port, redis://host:port or postgres://user:password@host/database");
        return new ClusterAddress(ClusterKind.Gateway, value);
    }

    private static UsageException Bad(string value, string reason) =>
        new($"--cluster {SecretRedactor.Redact(value)}: {reason}");
}
