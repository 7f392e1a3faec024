using System.Net;

namespace Fcan.Grains.Hosting;

/// <summary>The rule for the silo's web endpoints (dashboard, metrics): loopback by default; any other address only
/// when credentials guard it.</summary>
public static class LoopbackGuard
{
    /// <summary>The address to listen on; a one-line ArgumentException for a bad address or an unguarded public one.</summary>
    public static IPAddress BindAddress(string endpoint, string bind, DashboardCredentials? credentials)
    {
        var address = Parse(endpoint, bind);
        if (!IPAddress.IsLoopback(address) && credentials is null)
            throw new ArgumentException($"{endpoint} bind '{bind}' is not loopback: set "
                + $"{DashboardCredentials.UserVariable} and {DashboardCredentials.PasswordVariable} to require a login");
        return address;
    }

    /// <summary>The address to listen on, for an endpoint that needs no guard; a one-line ArgumentException if bad.</summary>
    public static IPAddress Parse(string endpoint, string bind) =>
        IPAddress.TryParse(bind, out var address) ? address : throw new ArgumentException($"{endpoint} bind '{bind}': not an IP address");
}
