using System.Net;
using Microsoft.AspNetCore.Builder;
using Orleans.Dashboard;

namespace Fcan.Grains.Hosting;

/// <summary>Serves the Orleans Dashboard from the silo's own host over Kestrel. It shows and can inspect grain state,
/// so it stays on loopback unless credentials guard it.</summary>
public static class DashboardEndpoint
{
    /// <summary>Where to listen; throws a one-line ArgumentException for a bad or unguarded public address.</summary>
    public static IPEndPoint Endpoint(FcanSiloOptions options) =>
        new(LoopbackGuard.BindAddress("dashboard", options.DashboardBind, options.DashboardCredentials), options.DashboardPort);

    public static void Map(WebApplication app) => app.MapOrleansDashboard();
}
