using System.Diagnostics;
using System.Net.Sockets;

namespace Fcan.Testing;

/// <summary>A real redis-server (Debian's package, installed by scripts/install-test-deps.sh) on a free loopback
/// port for as long as this object lives: in memory (<see cref="Start()"/>), or durable with an append-only file
/// and optionally a password (<see cref="StartDurable"/>), so it can be stopped and restarted on the same port
/// with its data, like a production Redis.</summary>
public sealed class RedisServer : IClusterStore
{
    private const string Executable = "/usr/bin/redis-server";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    private readonly string[] arguments;
    private Process? process;

    private RedisServer(int port, string[] arguments, string? password)
    {
        Port = port;
        this.arguments = arguments;
        Password = password;
    }

    public int Port { get; }

    /// <summary>The password clients must give, or null.</summary>
    public string? Password { get; }

    /// <summary>The cluster URI Fcan takes (--cluster), with the password when there is one.</summary>
    public string Uri => Password == null ? $"redis://127.0.0.1:{Port}" : $"redis://:{Password}@127.0.0.1:{Port}";

    public bool IsRunning => process is { HasExited: false };

    /// <summary>Starts an in-memory redis-server and waits until it answers PING; throws with the reason when it can't.</summary>
    public static RedisServer Start() => Launch([]);

    /// <summary>Starts a redis-server that appends every write to a file under <paramref name="dataDirectory"/>
    /// (fsync per write), so <see cref="StopAsync"/> and <see cref="Restart"/> lose nothing.</summary>
    public static RedisServer StartDurable(string dataDirectory, string? password = null)
    {
        Directory.CreateDirectory(dataDirectory);
        string[] durable = ["--dir", dataDirectory, "--appendonly", "yes", "--appendfsync", "always"];
        return Launch(password == null ? durable : [.. durable, "--requirepass", password], password);
    }

    /// <summary>Stops the server with SIGTERM (it flushes and exits), killing it after a grace period.</summary>
    public async Task StopAsync()
    {
        if (process == null) return;
        await ProcessSignals.TerminateAsync(process, StopGrace);
        process.Dispose();
        process = null;
    }

    /// <summary>Starts the stopped server again on the same port with the same files.</summary>
    public void Restart()
    {
        if (IsRunning) throw new InvalidOperationException($"redis-server on port {Port} is still running");
        process = Run(Port, arguments);
    }

    public void Dispose()
    {
        if (process == null) return;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        process.Dispose();
        process = null;
    }

    private static RedisServer Launch(string[] extra, string? password = null)
    {
        var port = FreePort.Next();
        string[] arguments = ["--bind", "127.0.0.1", "--save", "", "--daemonize", "no", .. extra];
        if (extra.Length == 0) arguments = [.. arguments, "--appendonly", "no"];
        var server = new RedisServer(port, arguments, password);
        server.Restart();
        return server;
    }

    private static Process Run(int port, string[] arguments)
    {
        if (!File.Exists(Executable))
            throw new InvalidOperationException($"{Executable} is missing: run `bash scripts/install-test-deps.sh` first");
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--port", port.ToString(), .. arguments]) start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start redis-server");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!Answers(port))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                process.Dispose();
                throw new InvalidOperationException($"redis-server on port {port} did not start within {StartTimeout.TotalSeconds:0} s");
            }
            Thread.Sleep(50);
        }
        return process;
    }

    /// <summary>Whether something speaking Redis listens: PING answers +PONG, or -NOAUTH when a password is set.</summary>
    private static bool Answers(int port)
    {
        try
        {
            using var client = new TcpClient("127.0.0.1", port);
            using var stream = client.GetStream();
            stream.Write("PING\r\n"u8);
            var reply = new byte[7];
            var length = stream.Read(reply);
            return reply.AsSpan(0, length).StartsWith("+PONG"u8) || reply.AsSpan(0, length).StartsWith("-NOAUTH"u8);
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
