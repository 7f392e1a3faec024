using System.CommandLine;
using Fcan.Grains.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// fcan-silo: one silo of an Fcan cluster. Ctrl+C or SIGTERM stops it gracefully (leases are handed back).
var cluster = new Option<string?>("--cluster")
{
    Description = "redis://[:password@]host:port or postgres://user:password@host[:port]/database of the cluster "
        + $"(default: ${ClusterConnectionSource.Variable}, or the file ${ClusterConnectionSource.FileVariable} names, which keep "
        + "the password out of the process list); none runs a single local silo",
};
var home = new Option<string>("--home")
{
    Description = "Where a local silo keeps its state",
    DefaultValueFactory = _ => Environment.GetEnvironmentVariable("FCAN_HOME")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".fcan"),
};
var devices = new Option<string[]>("--device")
{
    Description = "A device to render on (cpu, cuda, cuda:1); repeat for several",
    DefaultValueFactory = _ => ["cpu"],
    AllowMultipleArgumentsPerToken = false,
};
var poolStore = new Option<string?>("--pool-store") { Description = "Where pool statistics live (local path or az://); every silo must reach it" };
var advertise = new Option<string?>("--advertise")
{
    Description = "With --cluster: the address other hosts reach this silo at (e.g. the pod IP); it then listens on all interfaces",
};
var kubernetes = new Option<bool>("--kubernetes")
{
    Description = "With --cluster, in a Kubernetes pod: Orleans' Kubernetes hosting (name, address and ids from the POD_* and ORLEANS_* variables)",
};
var siloPort = new Option<int>("--silo-port") { Description = "Port for silo-to-silo traffic", DefaultValueFactory = _ => 11111 };
var gatewayPort = new Option<int>("--gateway-port") { Description = "Port clients connect to", DefaultValueFactory = _ => 30000 };
var dashboardPort = new Option<int>("--dashboard-port")
{
    Description = "Port of the Orleans Dashboard; 0 serves none",
    DefaultValueFactory = _ => 8080,
};
var dashboardBind = new Option<string>("--dashboard-bind")
{
    Description = $"Address the dashboard listens on; beyond loopback it needs {DashboardCredentials.UserVariable} and {DashboardCredentials.PasswordVariable}",
    DefaultValueFactory = _ => "127.0.0.1",
};
var metricsPort = new Option<int>("--metrics-port")
{
    Description = "Port of a Prometheus endpoint (/metrics) for Fcan's and Orleans' metrics; 0 (the default) serves none",
};
var metricsBind = new Option<string>("--metrics-bind")
{
    Description = $"Address the metrics endpoint listens on; beyond loopback it needs {DashboardCredentials.UserVariable} and {DashboardCredentials.PasswordVariable}",
    DefaultValueFactory = _ => "127.0.0.1",
};
var healthPort = new Option<int>("--health-port")
{
    Description = "Port of the probes' endpoints /healthz (alive) and /ready (active in the cluster); 0 (the default) serves none",
};
var healthBind = new Option<string>("--health-bind")
{
    Description = "Address the probes' endpoints listen on (they need no credentials: they tell only alive and ready)",
    DefaultValueFactory = _ => "127.0.0.1",
};
var otlpEndpoint = new Option<Uri?>("--otlp-endpoint")
{
    Description = "An OpenTelemetry collector (OTLP gRPC, e.g. http://collector:4317) for spans (job, shard, render, grain calls) and metrics",
};
var logFormat = new Option<string>("--log-format") { Description = "text (one line each) or json (one object per line)", DefaultValueFactory = _ => "text" };
logFormat.AcceptOnlyFromAmong("text", "json");
var leaseSeconds = new Option<int?>("--lease-seconds")
{
    Description = "How long a lease on an item lasts without renewal, so how long a dead silo's items wait before other silos render them (default 30)",
};
var verbose = new Option<bool>("--verbose") { Description = "Log Orleans' information messages too" };

var root = new RootCommand("fcan-silo: a silo of an Fcan cluster, rendering on this machine's devices")
{
    cluster, home, devices, poolStore, advertise, kubernetes, siloPort, gatewayPort, dashboardPort, dashboardBind, metricsPort, metricsBind,
    healthPort, healthBind, otlpEndpoint, logFormat, leaseSeconds, verbose,
};
root.SetAction(async (parsed, cancellationToken) =>
{
    string? clusterConnection;
    try
    {
        clusterConnection = parsed.GetValue(cluster) ?? ClusterConnectionSource.FromEnvironment();
    }
    catch (IOException error)
    {
        Console.Error.WriteLine($"fcan-silo: {error.Message}");
        return 1;
    }
    if (parsed.GetValue(leaseSeconds) is < 3)
    {
        // Leases are renewed every third of their length: under 3 s a renewal would be due before a second passes.
        Console.Error.WriteLine("fcan-silo: --lease-seconds: must be at least 3");
        return 2;
    }
    var options = new FcanSiloOptions
    {
        Cluster = clusterConnection,
        Home = parsed.GetValue(home)!,
        Devices = [.. parsed.GetValue(devices)!],
        PoolStore = parsed.GetValue(poolStore),
        AdvertisedAddress = parsed.GetValue(advertise),
        Kubernetes = parsed.GetValue(kubernetes),
        SiloPort = parsed.GetValue(siloPort),
        GatewayPort = parsed.GetValue(gatewayPort),
        DashboardPort = parsed.GetValue(dashboardPort),
        DashboardBind = parsed.GetValue(dashboardBind)!,
        DashboardCredentials = DashboardCredentials.FromEnvironment(),
        MetricsPort = parsed.GetValue(metricsPort),
        MetricsBind = parsed.GetValue(metricsBind)!,
        HealthPort = parsed.GetValue(healthPort),
        HealthBind = parsed.GetValue(healthBind)!,
        OtlpEndpoint = parsed.GetValue(otlpEndpoint),
        JsonLogs = parsed.GetValue(logFormat) == "json",
        LeaseDuration = parsed.GetValue(leaseSeconds) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
    };
    try
    {
        // The silo applies the schema again when it starts (its migrations are recorded, so only the check repeats);
        // doing it first turns a refused login, an unreachable server or a schema the providers cannot use into one
        // line instead of Orleans' start-up error logs.
        if (PostgresConnection.Names(options.Cluster))
            await new PostgresSchema(options.Cluster!).ApplyAsync(cancellationToken);
        using var host = FcanSiloHost.Build(options, parsed.GetValue(verbose) ? LogLevel.Information : LogLevel.Warning);
        await host.RunAsync(cancellationToken);
        return 0;
    }
    catch (Exception error) when (error is ArgumentException or InvalidOperationException or IOException)
    {
        Console.Error.WriteLine($"fcan-silo: {SecretRedactor.Redact(error.Message)}");
        return 1;
    }
});
return await root.Parse(args).InvokeAsync();
