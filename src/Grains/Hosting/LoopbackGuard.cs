using System.Net;

namespace Fcan.Grains.Hosting;

/// <summary>The rule for the silo's web endpoints (dashboard, metrics): loopback by default; any other address only
/// when credentials guard it.</summary>
public static class LoopbackGuard
{
    /// <summary>The address to listen on; a one-line ArgumentException for a bad address or an unguarded public one.</summary>
    public static IPAddress BindAddress(string endpoint, string bind, DashboardCredentials? credentials)
    {
        if (!IPAddress.TryParse(bind, out var address))
            throw new ArgumentException($"{endpoint} bind '{bind}': not an IP address");
        if (!IPAddress.IsLoopback(address) && credentials is null)
            throw new ArgumentException($"{endpoint} bind '{bind}' is not loopback: set "
                + $"{DashboardCredentials.UserVariable} and {DashboardCredentials.PasswordVariable} to require a login");
        return address;
    }
}
