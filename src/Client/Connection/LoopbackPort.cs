using System.Net;
using System.Net.Sockets;

namespace Fcan.Client.Connection;

/// <summary>Free TCP ports on loopback, so embedded silos of different homes never collide.</summary>
public static class LoopbackPort
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
