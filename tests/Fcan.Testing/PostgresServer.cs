using System.Diagnostics;

namespace Fcan.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster (Debian's postgresql package, installed by scripts/install-test-deps.sh): initdb in
/// a temporary folder, a server on a free loopback port with password authentication, one database, all removed again
/// on dispose. PostgreSQL refuses to run as root, so under root the server runs as the `postgres` user, which then
/// owns the folder.
/// </summary>
public sealed class PostgresServer : IClusterStore
{
    public const string User = "fcan";

    public const string Database = "fcan";

    private const string ServiceUser = "postgres";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly string folder;
    private readonly string bin;

    private PostgresServer(string folder, string bin, int port, string password)
    {
        this.folder = folder;
        this.bin = bin;
        Port = port;
        Password = password;
    }

    public int Port { get; }

    /// <summary>The password of <see cref="User"/>, random per server.</summary>
    public string Password { get; }

    /// <summary>The cluster URI Fcan takes (--cluster), password included.</summary>
    public string Uri => UriWithPassword(Password);

    /// <summary>The same URI with another password, to see a wrong one refused.</summary>
    public string UriWithPassword(string password) => $"postgres://{User}:{password}@127.0.0.1:{Port}/{Database}";

    /// <summary>Creates another, empty database on this server and returns its cluster URI: a test that needs a database
    /// of its own (e.g. one that already holds another application's tables) does not disturb the others.</summary>
    public string CreateDatabase(string name)
    {
        RunAsServer("createdb", "-h", folder, "-p", Port.ToString(), "-U", User, name);
        return $"postgres://{User}:{Password}@127.0.0.1:{Port}/{name}";
    }

    /// <summary>Creates, starts and opens the cluster; throws with the reason (and the server's log) when it can't.</summary>
    public static PostgresServer Start()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb"))).Order(StringComparer.Ordinal).LastOrDefault()
            : null;
        if (bin is null)
            throw new InvalidOperationException("/usr/lib/postgresql/*/bin/initdb is missing: run `bash scripts/install-test-deps.sh` first");
        var folder = Directory.CreateTempSubdirectory("fcan-postgres-").FullName;
        var password = Guid.NewGuid().ToString("N");
        var server = new PostgresServer(folder, bin, FreePort.Next(), password);
        try
        {
            server.Initialize();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private string Data => Path.Combine(folder, "data");

    private void Initialize()
    {
        var passwordFile = Path.Combine(folder, "password");
        File.WriteAllText(passwordFile, Password);
        if (IsRoot) Run("chown", "-R", $"{ServiceUser}:{ServiceUser}", folder);
        RunAsServer("initdb", "-D", Data, "-U", User, $"--pwfile={passwordFile}", "--auth-host=scram-sha-256",
            "--auth-local=trust", "-E", "UTF8", "--no-sync");
        File.Delete(passwordFile);
        StartServer();
        RunAsServer("createdb", "-h", folder, "-p", Port.ToString(), "-U", User, Database);
    }

    public bool IsRunning => File.Exists(Path.Combine(Data, "postmaster.pid"));

    /// <summary>A fast shutdown, as `systemctl stop postgresql` does: open connections are cut, the data is kept.</summary>
    public Task StopAsync() => Task.Run(() => RunAsServer("pg_ctl", "-D", Data, "-m", "fast", "-w", "stop"));

    public void Restart()
    {
        if (IsRunning) throw new InvalidOperationException($"PostgreSQL on port {Port} is still running");
        StartServer();
    }

    private void StartServer() =>
        RunAsServer("pg_ctl", "-D", Data, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60", "-o",
            $"-p {Port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start");

    public void Dispose()
    {
        try
        {
            if (IsRunning)
                RunAsServer("pg_ctl", "-D", Data, "-m", "immediate", "-w", "stop");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private void RunAsServer(string tool, params string[] arguments) =>
        Run(IsRoot ? "runuser" : Path.Combine(bin, tool),
            IsRoot ? ["-u", ServiceUser, "--", Path.Combine(bin, tool), .. arguments] : arguments);

    private void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(CommandTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} ran past {CommandTimeout.TotalSeconds:0} s");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(arguments.FirstOrDefault(a => a.StartsWith(bin, StringComparison.Ordinal)) ?? program)} "
                + $"exited with {process.ExitCode}: {errors.Result.Trim()} {output.Result.Trim()} {ServerLog()}");
    }

    private string ServerLog()
    {
        var log = Path.Combine(folder, "server.log");
        return File.Exists(log) ? $"(server log: {File.ReadAllText(log).Trim()})" : "";
    }
}
