using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace Fcan.Grains.Hosting;

/// <summary>The probes' endpoints on their own port of the silo's Kestrel: <c>/healthz</c> answers while the process
/// serves requests (liveness), <c>/ready</c> only while this silo is active in the cluster's membership (readiness:
/// not while it joins or shuts down). Nothing else answers on that port, and no credentials are asked: probes carry
/// none, and the answers reveal nothing.</summary>
public static class HealthEndpoint
{
    public const string Live = "/healthz";

    public const string Ready = "/ready";

    private const string ReadyTag = "ready";

    public static void Add(IServiceCollection services) =>
        services.AddHealthChecks().AddCheck<ActiveSiloCheck>("silo", tags: [ReadyTag]);

    public static IPEndPoint Endpoint(FcanSiloOptions options) =>
        new(LoopbackGuard.Parse("health", options.HealthBind), options.HealthPort);

    /// <summary>Maps the probes; called before any authentication middleware.</summary>
    public static void Map(WebApplication app, int port)
    {
        app.UseHealthChecks(Live, port, new HealthCheckOptions { Predicate = _ => false });
        app.UseHealthChecks(Ready, port, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        app.Use((context, next) =>
        {
            if (context.Connection.LocalPort != port) return next(context);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
    }

    private sealed class ActiveSiloCheck(ILocalSiloDetails silo, IClusterMembershipService membership) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
        {
            var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
            return Task.FromResult(status == SiloStatus.Active
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"silo is {status.ToString().ToLowerInvariant()}"));
        }
    }
}
