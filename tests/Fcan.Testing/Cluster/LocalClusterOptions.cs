namespace Fcan.Testing.Cluster;

/// <summary>What a <see cref="LocalCluster"/> starts.</summary>
public sealed class LocalClusterOptions
{
    public int Silos { get; init; } = 3;

    /// <summary>The silo program (fcan-silo); by default the one next to the test binaries.</summary>
    public DotnetApp Silo { get; init; } = DotnetApp.NextToTests("fcan-silo");

    /// <summary>The command line (fcan); by default the one next to the test binaries.</summary>
    public DotnetApp Fcan { get; init; } = DotnetApp.NextToTests("fcan");

    /// <summary>Where Redis, Azurite, the silos' homes, the shared pool folder and the logs go; a new temporary
    /// folder (removed with the cluster) when null.</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>Where membership, grain state and reminders live.</summary>
    public ClusterStoreKind Store { get; init; } = ClusterStoreKind.Redis;

    /// <summary>Redis' password (given to silos and clients inside the cluster URI); none when null.</summary>
    public string? RedisPassword { get; init; }

    /// <summary>The Azurite account and its base64 key; Azurite's well-known development account when null.</summary>
    public (string Account, string Key)? AzureAccount { get; init; }

    /// <summary>Extra arguments for every silo (e.g. more --device entries).</summary>
    public IReadOnlyList<string> SiloArguments { get; init; } = [];

    /// <summary>Extra environment variables for every silo and client.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>How long the silos may take to show up as active in <c>fcan cluster status</c>.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromMinutes(3);
}

public enum ClusterStoreKind
{
    /// <summary>A durable redis-server with an append-only file (and <see cref="LocalClusterOptions.RedisPassword"/>).</summary>
    Redis,

    /// <summary>A throwaway PostgreSQL cluster with a random password.</summary>
    Postgres,
}
