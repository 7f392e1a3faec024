using System.Security.Cryptography;
using Fcan.Data.Storage;
using Fcan.Testing.Cluster;

namespace Fcan.Cluster.Tests.Support;

/// <summary>
/// One real cluster shared by the suite (starting three silos costs more than most scenarios): Redis with a password,
/// Azurite with an account key of its own (both secrets the outputs must never show), three fcan-silo processes, a
/// source of <see cref="SourceImages"/> street images (in a folder, and the first <see cref="AzureSourceImages"/> of
/// them in Azurite too) and a pool built from noisy ones. Scenarios call
/// <see cref="RestoreAsync"/> first, which brings back whatever an earlier scenario stopped or killed.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    public const int SiloCount = 3;
    public const int SourceImages = 40;
    public const string Pool = "street";
    public const string OutputContainer = "converted";
    public const int AzureSourceImages = 20;
    public const string AzureSource = "az://sources/street";
    /// <summary>The silos' lease length: a killed silo's items wait this long before other silos render them (the
    /// product's default is 30 s; the kill scenarios cross the expiry all the same, sooner).</summary>
    public const int LeaseSeconds = 10;
    public const string KeepVariable = "FCAN_CLUSTER_TESTS_KEEP";

    private LocalCluster? cluster;

    /// <summary>Where the cluster keeps membership, grain state and reminders.</summary>
    protected virtual ClusterStoreKind Store => ClusterStoreKind.Redis;

    public LocalCluster Cluster => cluster ?? throw new InvalidOperationException("the cluster is not started");

    /// <summary>The Redis password and Azure account key: no output may contain them.</summary>
    public IReadOnlyList<string> Secrets { get; } = [$"redis{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}",
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(64))];

    public string SourceFolder => Path.Combine(Cluster.WorkDirectory, "source");

    public IReadOnlyList<string> SourceKeys { get; private set; } = [];

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        cluster = await LocalCluster.StartAsync(new LocalClusterOptions
        {
            Silos = SiloCount,
            Store = Store,
            // Set to a new folder to keep the logs, transcript and stores after the run (they are removed otherwise).
            WorkDirectory = Environment.GetEnvironmentVariable(KeepVariable),
            RedisPassword = Secrets[0],
            AzureAccount = ("fcanfaults", Secrets[1]),
            // Information-level logs too: the secret test reads them, and they say which silo started a job.
            SiloArguments = ["--verbose", "--lease-seconds", LeaseSeconds.ToString()],
            // Three silos share two cores here: one torch thread each keeps them from starving each other.
            Environment = new Dictionary<string, string> { ["OMP_NUM_THREADS"] = "1" },
        }, timeout.Token);
        SourceKeys = StreetImages.Write(SourceFolder, SourceImages, noisy: false);
        var azureSource = BlobStores.Open(AzureSource, Cluster.Azurite.ConnectionString);
        foreach (var key in SourceKeys.Take(AzureSourceImages))
        {
            await using var image = File.OpenRead(Path.Combine(SourceFolder, key + ".png"));
            await azureSource.TryCreateAsync(key + ".png", image, timeout.Token);
        }
        var real = Path.Combine(Cluster.WorkDirectory, "real");
        StreetImages.Write(real, 4, noisy: true, seed: 2);
        var pool = await Cluster.RunFcanAsync(timeout.Token, "pool", "create", Pool, "--images", real, "--size", "64x32");
        if (pool.ExitCode != 0) throw new InvalidOperationException($"pool create failed: {pool}");
    }

    /// <summary>Restarts stopped services and silos and, when anything had to be restarted, waits until every silo
    /// is active again. (Every scenario ends with a completed job, so a cluster with nothing down is working.)</summary>
    public async Task RestoreAsync(CancellationToken cancellationToken)
    {
        var down = Cluster.Silos.Where(silo => !silo.IsRunning).ToList();
        if (down.Count == 0 && Cluster.Store.IsRunning && Cluster.Azurite.IsRunning) return;
        if (!Cluster.Store.IsRunning) Cluster.Store.Restart();
        if (!Cluster.Azurite.IsRunning) Cluster.Azurite.Restart();
        foreach (var silo in down) silo.Start();
        await Cluster.WaitForActiveSilosAsync(SiloCount, cancellationToken);
    }

    /// <summary>The output store of a scenario, in Azurite.</summary>
    public string OutputUri(string scenario) => $"az://{OutputContainer}/{scenario}";

    public IBlobStore OpenOutput(string scenario) => BlobStores.Open(OutputUri(scenario), Cluster.Azurite.ConnectionString);

    /// <summary>An output folder of a scenario on this machine, which every silo here reaches.</summary>
    public string LocalOutput(string scenario) => Path.Combine(Cluster.WorkDirectory, "outputs", scenario);

    /// <summary>The arguments of a scenario's conversion: tiny images, and just enough iterations that a warm
    /// cluster is still rendering when the first shard's images are reported done (the fault must land mid-job).</summary>
    public string[] ConvertArguments(string scenario, params string[] extra) =>
        ConvertArguments(SourceFolder, OutputUri(scenario), extra);

    public string[] ConvertArguments(string source, string output, params string[] extra) =>
    [
        "convert", "--source", source, "--layout", "folder", "--pool", Pool, "--out", output,
        "--size", "64x32", "--iterations", "8", "--shard-size", "5", .. extra,
    ];

    public async Task DisposeAsync()
    {
        if (cluster != null) await cluster.DisposeAsync();
    }
}

/// <summary>The same cluster with PostgreSQL as its state store instead of Redis.</summary>
public sealed class PostgresClusterFixture : ClusterFixture
{
    protected override ClusterStoreKind Store => ClusterStoreKind.Postgres;
}
