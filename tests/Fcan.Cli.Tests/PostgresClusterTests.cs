using System.Text.Json;
using Fcan.Cli.Tests.Support;
using Fcan.Grains.Hosting;
using Fcan.Testing;
using Microsoft.Extensions.Hosting;

namespace Fcan.Cli.Tests;

/// <summary>The real `fcan` joining a cluster whose membership is in PostgreSQL: two silos (hosted by the test) on a
/// throwaway PostgreSQL server.</summary>
public sealed class PostgresClusterTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IDisposable
{
    private readonly FcanProcess fcan = new();

    [Fact]
    public async Task Cluster_status_over_postgres_lists_both_silos()
    {
        using var first = await StartSiloAsync();
        using var second = await StartSiloAsync();

        var result = await fcan.RunAsync("--cluster", postgres.Server.Uri, "cluster", "status", "--json");
        await second.StopAsync();
        await first.StopAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var silos = json.RootElement.EnumerateObject()
            .Single(p => p.Name.Equals("silos", StringComparison.OrdinalIgnoreCase)).Value;
        Assert.Equal(2, silos.GetArrayLength());
        Assert.DoesNotContain(postgres.Server.Password, result.Stdout + result.Stderr);
    }

    [Fact]
    public async Task A_wrong_password_fails_with_one_line_that_hides_it()
    {
        var result = await fcan.RunAsync("--cluster", postgres.Server.UriWithPassword("wrong-pw-1234"), "cluster", "status");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith($"fcan: cluster postgres://{PostgresServer.User}:***@127.0.0.1", result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.DoesNotContain("wrong-pw-1234", result.Stdout + result.Stderr);
    }

    public void Dispose() => fcan.Dispose();

    private async Task<IHost> StartSiloAsync()
    {
        var host = FcanSiloHost.Build(new FcanSiloOptions
        {
            Cluster = postgres.Server.Uri,
            Home = Path.Combine(fcan.Home, "silo"),
            SiloPort = FreePort.Next(),
            GatewayPort = FreePort.Next(),
            Devices = [],
        });
        await host.StartAsync();
        return host;
    }
}
