using System.Diagnostics;

namespace Fcan.Testing.Cluster;

/// <summary>
/// A real multi-process Fcan cluster on loopback, as an operator without containers would run it: a durable Redis or
/// a PostgreSQL (membership, grain state, reminders: <see cref="LocalClusterOptions.Store"/>), a durable Azurite (blob
/// storage) and N <c>fcan-silo</c> processes with their own silo, gateway and dashboard ports and homes, sharing a pool
/// folder. <see cref="StartAsync"/> returns once
/// <c>fcan cluster status --json</c> lists every silo as active; disposing stops the silos with SIGTERM (SIGKILL
/// after a grace period), then the services, and removes a work folder it created. Every piece can be stopped,
/// killed and restarted on its ports, for fault tests. <see cref="RunFcanAsync"/> runs the real <c>fcan</c> against
/// it and keeps everything it printed in <see cref="TranscriptPath"/>.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private static readonly TimeSpan CommandLimit = TimeSpan.FromMinutes(4);

    private readonly LocalClusterOptions options;
    private readonly bool ownsWorkDirectory;
    private readonly List<SiloProcess> silos = [];
    private readonly SemaphoreSlim transcriptLock = new(1, 1);

    private LocalCluster(LocalClusterOptions options, string workDirectory, bool ownsWorkDirectory,
        IClusterStore store, AzuriteServer azurite)
    {
        this.options = options;
        this.ownsWorkDirectory = ownsWorkDirectory;
        WorkDirectory = workDirectory;
        Store = store;
        Azurite = azurite;
    }

    public string WorkDirectory { get; }

    /// <summary>Membership, grain state and reminders.</summary>
    public IClusterStore Store { get; }

    public AzuriteServer Azurite { get; }

    public IReadOnlyList<SiloProcess> Silos => silos;

    /// <summary>The folder every silo keeps pool statistics in (--pool-store).</summary>
    public string PoolStore => Path.Combine(WorkDirectory, "pools");

    /// <summary>Everything <see cref="RunFcanAsync"/> ran and what it printed.</summary>
    public string TranscriptPath => Path.Combine(WorkDirectory, "fcan-transcript.log");

    /// <summary>What a client needs to reach the cluster and its storage: FCAN_CLUSTER and FCAN_AZURE_STORAGE.</summary>
    public IReadOnlyDictionary<string, string> ClientEnvironment => new Dictionary<string, string>(options.Environment)
    {
        ["FCAN_CLUSTER"] = Store.Uri,
        ["FCAN_AZURE_STORAGE"] = Azurite.ConnectionString,
    };

    public static async Task<LocalCluster> StartAsync(LocalClusterOptions options, CancellationToken cancellationToken)
    {
        var owns = options.WorkDirectory == null;
        var work = options.WorkDirectory ?? Directory.CreateTempSubdirectory("fcan-cluster-").FullName;
        Directory.CreateDirectory(work);
        IClusterStore store = options.Store == ClusterStoreKind.Postgres
            ? PostgresServer.Start()
            : RedisServer.StartDurable(Path.Combine(work, "redis"), options.RedisPassword);
        AzuriteServer azurite;
        try
        {
            var (account, key) = options.AzureAccount ?? (AzuriteServer.AccountName, AzuriteServer.AccountKey);
            azurite = AzuriteServer.StartDurable(Path.Combine(work, "azurite"), account, key);
        }
        catch
        {
            store.Dispose();
            throw;
        }
        var cluster = new LocalCluster(options, work, owns, store, azurite);
        try
        {
            for (var i = 0; i < options.Silos; i++) cluster.AddSilo();
            await cluster.WaitForActiveSilosAsync(options.Silos, cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts one more silo with fresh ports and its own home.</summary>
    public SiloProcess AddSilo()
    {
        var name = $"silo-{silos.Count + 1}";
        var home = Path.Combine(WorkDirectory, name);
        Directory.CreateDirectory(home);
        var environment = new Dictionary<string, string>(options.Environment)
        {
            ["FCAN_AZURE_STORAGE"] = Azurite.ConnectionString,
        };
        string[] arguments =
        [
            "--cluster", Store.Uri, "--home", home, "--pool-store", PoolStore,
            "--silo-port", FreePort.Next().ToString(), "--gateway-port", FreePort.Next().ToString(),
            "--dashboard-port", FreePort.Next().ToString(), .. options.SiloArguments,
        ];
        var silo = new SiloProcess(name, options.Silo.StartInfo(arguments, environment), Path.Combine(WorkDirectory, name + ".log"));
        silos.Add(silo);
        silo.Start();
        return silo;
    }

    /// <summary>Waits until <c>fcan cluster status --json</c> lists <paramref name="count"/> active silos.</summary>
    public async Task WaitForActiveSilosAsync(int count, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.StartTimeout);
        var last = "";
        try
        {
            while (true)
            {
                var status = await RunFcanAsync(timeout.Token, "cluster", "status", "--json");
                if (status.ExitCode == 0 && ActiveSilos(status) == count) return;
                last = status.ExitCode == 0 ? $"{ActiveSilos(status)} active" : status.Stderr.Trim();
                await Task.Delay(TimeSpan.FromSeconds(1), timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"the cluster did not show {count} active silos within {options.StartTimeout.TotalSeconds:0} s (last: {last}); logs in {WorkDirectory}");
        }
    }

    /// <summary>Runs <c>fcan</c> against this cluster to its end, recording the command and its output.</summary>
    public Task<ProcessResult> RunFcanAsync(params string[] arguments) => RunFcanAsync(CancellationToken.None, arguments);

    public Task<ProcessResult> RunFcanAsync(CancellationToken cancellationToken, params string[] arguments) =>
        RunFcanAsync(new Dictionary<string, string>(), cancellationToken, arguments);

    /// <summary>Like <see cref="RunFcanAsync(CancellationToken, string[])"/> with variables that override
    /// <see cref="ClientEnvironment"/> (the transcript records the arguments, never the environment).</summary>
    public async Task<ProcessResult> RunFcanAsync(IReadOnlyDictionary<string, string> environment,
        CancellationToken cancellationToken, params string[] arguments)
    {
        var clock = Stopwatch.StartNew();
        using var process = StartFcan(environment, arguments);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(CommandLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested) throw;
            throw new TimeoutException($"fcan {string.Join(' ', arguments)} ran past {CommandLimit}");
        }
        var result = new ProcessResult($"fcan {string.Join(' ', arguments)}", process.ExitCode, await stdout, await stderr, clock.Elapsed);
        await RecordAsync(result.ToString(), cancellationToken);
        return result;
    }

    /// <summary>Starts <c>fcan</c> against this cluster; the caller owns the process (and records its output with
    /// <see cref="RecordAsync"/> if it reads it).</summary>
    public Process StartFcan(params string[] arguments) => StartFcan(new Dictionary<string, string>(), arguments);

    private Process StartFcan(IReadOnlyDictionary<string, string> environment, string[] arguments)
    {
        var variables = new Dictionary<string, string>(ClientEnvironment);
        foreach (var (name, value) in environment) variables[name] = value;
        return Process.Start(options.Fcan.StartInfo(arguments, variables)) ?? throw new InvalidOperationException("fcan did not start");
    }

    /// <summary>Appends text to <see cref="TranscriptPath"/>.</summary>
    public async Task RecordAsync(string text, CancellationToken cancellationToken)
    {
        await transcriptLock.WaitAsync(cancellationToken);
        try
        {
            await File.AppendAllTextAsync(TranscriptPath, text + "\n", cancellationToken);
        }
        finally
        {
            transcriptLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(silos.Select(silo => silo.DisposeAsync().AsTask()));
        Azurite.Dispose();
        Store.Dispose();
        if (ownsWorkDirectory)
        {
            try
            {
                Directory.Delete(WorkDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A process that was just killed may still hold a file; the temp folder is cleaned by the OS eventually.
            }
        }
    }

    private static int ActiveSilos(ProcessResult status) =>
        status.Json().GetProperty("silos").EnumerateArray()
            .Count(silo => silo.GetProperty("status").GetString() == "Active");
}
