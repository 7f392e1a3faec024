using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Dashboard;

namespace Fcan.Grains.Hosting;

/// <summary>Serves the Orleans Dashboard from the silo's own host over Kestrel. It shows and can inspect grain state,
/// so it stays on loopback unless credentials guard it.</summary>
public static class DashboardEndpoint
{
    /// <summary>The address to listen on; a one-line ArgumentException for a bad address or an unguarded public one.</summary>
    public static IPAddress BindAddress(FcanSiloOptions options)
    {
        if (!IPAddress.TryParse(options.DashboardBind, out var address))
            throw new ArgumentException($"dashboard bind '{options.DashboardBind}': not an IP address");
        if (!IPAddress.IsLoopback(address) && options.DashboardCredentials is null)
            throw new ArgumentException($"dashboard bind '{options.DashboardBind}' is not loopback: set "
                + $"{DashboardCredentials.UserVariable} and {DashboardCredentials.PasswordVariable} to require a login");
        return address;
    }

    public static void AddServer(WebApplicationBuilder builder, FcanSiloOptions options)
    {
        var address = BindAddress(options);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(address, options.DashboardPort));
        builder.Services.AddRouting();
    }

    public static void Map(WebApplication app, FcanSiloOptions options)
    {
        if (options.DashboardCredentials is { } credentials)
            app.UseMiddleware<BasicAuthenticationMiddleware>(credentials);
        app.MapOrleansDashboard();
    }
}
