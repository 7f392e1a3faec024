using System.Diagnostics;
using System.Net.Sockets;

namespace Fcan.Testing;

/// <summary>A real redis-server (Debian's package, installed by scripts/install-test-deps.sh) on a free loopback
/// port, in memory (no snapshots), for as long as this object lives.</summary>
public sealed class RedisServer : IDisposable
{
    private const string Executable = "/usr/bin/redis-server";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process process;

    private RedisServer(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The cluster URI Fcan takes (--cluster).</summary>
    public string Uri => $"redis://127.0.0.1:{Port}";

    /// <summary>Starts redis-server and waits until it answers PING; throws with the reason when it can't.</summary>
    public static RedisServer Start()
    {
        if (!File.Exists(Executable))
            throw new InvalidOperationException($"{Executable} is missing: run `bash scripts/install-test-deps.sh` first");
        var port = FreePort.Next();
        var start = new ProcessStartInfo(Executable)
        {
            ArgumentList = { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
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
                Stop(process);
                throw new InvalidOperationException($"redis-server on port {port} did not start within {StartTimeout.TotalSeconds:0} s");
            }
            Thread.Sleep(50);
        }
        return new RedisServer(process, port);
    }

    public void Dispose() => Stop(process);

    private static bool Answers(int port)
    {
        try
        {
            using var client = new TcpClient("127.0.0.1", port);
            using var stream = client.GetStream();
            stream.Write("PING\r\n"u8);
            var reply = new byte[7];
            return stream.Read(reply) > 0 && reply[0] == (byte)'+';
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        process.Dispose();
    }
}
