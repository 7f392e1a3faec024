using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Fcan.Grains.Client;
using Fcan.Grains.Hosting;
using Fcan.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Fcan.Grains.Tests.Hosting;

/// <summary>The Orleans Dashboard a silo serves, seen through a real browser (headless Chromium), and the guard that
/// keeps it off public interfaces without a login.</summary>
public sealed class DashboardTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("fcan-dashboard-").FullName;

    [Fact]
    public async Task A_browser_sees_the_dashboard_list_the_fcan_grains_the_silo_activated()
    {
        var dashboardPort = FreePort.Next();
        using var host = FcanSiloHost.Build(Options(dashboardPort));
        await host.StartAsync();
        await new FcanClusterClient(host.Services.GetRequiredService<IClusterClient>())
            .ListJobsAsync(CancellationToken.None);

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var dom = await HeadlessChromium.DumpDomAsync($"http://127.0.0.1:{dashboardPort}/#/grains", timeout.Token);
        await host.StopAsync();

        Assert.Contains("Activations by Type", dom);
        Assert.Contains("JobCatalogGrain", dom);
    }

    [Fact]
    public async Task A_dashboard_with_credentials_answers_only_requests_that_carry_them()
    {
        var options = Options(FreePort.Next());
        options.DashboardCredentials = new DashboardCredentials("admin", "s3cret");
        using var host = FcanSiloHost.Build(options);
        await host.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{options.DashboardPort}/") };

        using var anonymous = await http.GetAsync("", CancellationToken.None);
        using var wrong = await http.SendAsync(Authorized("admin:guess"), CancellationToken.None);
        using var right = await http.SendAsync(Authorized("admin:s3cret"), CancellationToken.None);
        await host.StopAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public void A_dashboard_bound_beyond_loopback_without_credentials_is_refused()
    {
        var options = Options(FreePort.Next());
        options.DashboardBind = "0.0.0.0";

        var error = Assert.Throws<ArgumentException>(() => FcanSiloHost.Build(options));

        Assert.Contains("FCAN_DASHBOARD_USER", error.Message);
    }

    private static HttpRequestMessage Authorized(string userAndPassword) => new(HttpMethod.Get, "")
    {
        Headers = { Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(userAndPassword))) },
    };

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private FcanSiloOptions Options(int dashboardPort) => new()
    {
        Home = Path.Combine(folder, "home"),
        SiloPort = FreePort.Next(),
        GatewayPort = FreePort.Next(),
        Devices = [],
        DashboardPort = dashboardPort,
    };
}
