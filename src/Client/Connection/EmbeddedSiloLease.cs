using System.Globalization;

namespace Fcan.Client.Connection;

/// <summary>
/// Makes sure at most one process hosts the embedded silo of a `--home`: the host holds an exclusive lock on
/// `home/silo.lock` (released by the OS even when the process is killed) and writes its gateway port next to it.
/// Another `fcan` started meanwhile (say `fcan job status` while `fcan convert --wait` runs) finds the lock taken and
/// joins that silo as a client instead of starting a second silo over the same state.
/// </summary>
public sealed class EmbeddedSiloLease : IDisposable
{
    private const string LockFile = "silo.lock";
    private const string GatewayFile = "silo.gateway";

    private readonly FileStream lockStream;
    private readonly string gatewayPath;

    private EmbeddedSiloLease(FileStream lockStream, string gatewayPath)
    {
        this.lockStream = lockStream;
        this.gatewayPath = gatewayPath;
    }

    /// <summary>Takes the lease, or returns null when another live process holds it.</summary>
    public static EmbeddedSiloLease? TryTake(string home)
    {
        Directory.CreateDirectory(home);
        try
        {
            var stream = new FileStream(Path.Combine(home, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            // A killed holder leaves its port behind; nobody may join it before this process publishes its own.
            var gatewayPath = Path.Combine(home, GatewayFile);
            File.Delete(gatewayPath);
            return new EmbeddedSiloLease(stream, gatewayPath);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The gateway port that the current holder published, or null while it is still starting.</summary>
    public static int? PublishedGatewayPort(string home)
    {
        var path = Path.Combine(home, GatewayFile);
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Tells later processes where to join this silo.</summary>
    public void Publish(int gatewayPort) => File.WriteAllText(gatewayPath, gatewayPort.ToString(CultureInfo.InvariantCulture));

    public void Dispose()
    {
        File.Delete(gatewayPath);
        lockStream.Dispose();
    }
}
