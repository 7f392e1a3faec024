using System.Net;
using Fcan.Client.Cli;
using Fcan.Client.Output;
using Fcan.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Fcan.Client.Connection;

/// <summary>
/// Joins a running cluster as an Orleans client through the membership store the silos use (Redis, PostgreSQL) or a
/// known gateway. Gives up after a few quick attempts with one line naming the (redacted) cluster.
/// </summary>
public static class RemoteCluster
{
    private const int ConnectAttempts = 3;

    public static async Task<IHost> ConnectAsync(ClusterAddress address, bool verbose, CancellationToken cancellation)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, CommandHostLifetime>();
        if (verbose) builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (FcanSiloBuilderExtensions.ClusterId, FcanSiloBuilderExtensions.ServiceId));
            Configure(client, address);
            client.AddActivityPropagation();
            var attempts = 0;
            client.UseConnectionRetryFilter(async (_, ct) =>
            {
                if (++attempts >= ConnectAttempts) return false;
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
                return true;
            });
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellation);
            return host;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            host.Dispose();
            throw new OperationFailedException($"cluster {address.Display}: unreachable ({CliOutput.OneLine(e.Message)})", e);
        }
    }

    private static void Configure(IClientBuilder client, ClusterAddress address)
    {
        switch (address.Kind)
        {
            case ClusterKind.Gateway:
                var (host, port) = address.GatewayEndpoint();
                var ip = IPAddress.TryParse(host, out var parsed) ? parsed : Dns.GetHostAddresses(host).First();
                client.UseStaticClustering(new IPEndPoint(ip, port));
                break;
            case ClusterKind.Redis:
                client.UseRedisClustering(o => o.ConfigurationOptions = RedisConnection.Options(address.Value));
                break;
            case ClusterKind.Postgres:
                client.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) =
                    (PostgresConnection.Invariant, PostgresConnection.ConnectionString(address.Value)));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(address), address.Kind, "not a remote cluster");
        }
    }
}
