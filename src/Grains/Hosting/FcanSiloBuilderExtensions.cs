using System.Net;
using Fcan.Grains.Metrics;
using Fcan.Grains.Persistence;
using Fcan.Grains.Pools;
using Fcan.Grains.Rendering;
using Fcan.Grains.Sources;
using Fcan.Grains.Storage;
using Fcan.Grains.Training;
using Fcan.Grains.Workers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting.Kubernetes;
using Orleans.Serialization;
using Orleans.Storage;

namespace Fcan.Grains.Hosting;

/// <summary>Sets a silo up for Fcan: clustering, durable grain state and reminders (files locally, Redis or
/// PostgreSQL in a cluster), the pool store, Data's dataset readers, the AAN renderer and this silo's device workers.</summary>
public static class FcanSiloBuilderExtensions
{
    /// <summary>Cluster and service id shared by every silo and client of an Fcan cluster.</summary>
    public const string ClusterId = "fcan";

    public const string ServiceId = "fcan";

    /// <summary>The largest message a silo accepts: a training ring chunk of a large model.</summary>
    public const int MaxRingChunkBytes = 1 << 30;

    public static ISiloBuilder UseFcan(this ISiloBuilder silo, FcanSiloOptions options)
    {
        silo.Configure<ClusterOptions>(cluster => (cluster.ClusterId, cluster.ServiceId) = (ClusterId, ServiceId));
        // Grain calls carry the caller's trace context, so a job started inside a trace joins it (FcanTracing).
        silo.AddActivityPropagation();
        // Every state store that takes Orleans' default storage serializer (Redis, PostgreSQL) gets Fcan's instead.
        silo.Services.AddSingleton<IGrainStorageSerializer>(GrainStateSerializer.Create);
        if (RedisConnection.Names(options.Cluster))
        {
            var redis = RedisConnection.Options(options.Cluster!);
            ConfigureClusterEndpoints(silo, options);
            silo.UseRedisClustering(o => o.ConfigurationOptions = redis);
            silo.AddRedisGrainStorage(GrainStorageNames.Fcan, o => o.ConfigurationOptions = redis);
            silo.UseRedisReminderService(o => o.ConfigurationOptions = redis);
        }
        else if (PostgresConnection.Names(options.Cluster))
        {
            var connection = PostgresConnection.ConnectionString(options.Cluster!);
            ConfigureClusterEndpoints(silo, options);
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(new PostgresSchema(options.Cluster!));
            silo.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (PostgresConnection.Invariant, connection));
            silo.AddAdoNetGrainStorage(GrainStorageNames.Fcan,
                o => (o.Invariant, o.ConnectionString) = (PostgresConnection.Invariant, connection));
            silo.UseAdoNetReminderService(o => (o.Invariant, o.ConnectionString) = (PostgresConnection.Invariant, connection));
        }
        else if (options.Cluster is null)
        {
            if (options.Kubernetes) throw new ArgumentException("--kubernetes needs --cluster: a local silo has no cluster to join");
            var state = Path.Combine(options.Home, "state");
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: ServiceId, clusterId: ClusterId);
            silo.AddFileGrainStorage(GrainStorageNames.Fcan, Path.Combine(state, "grains"));
            silo.AddReminders();
            silo.Services.AddSingleton<IReminderTable>(services =>
                new FileReminderTable(Path.Combine(state, "reminders.bin"), services.GetRequiredService<Serializer>()));
        }
        else
        {
            throw new ArgumentException($"cluster '{SecretRedactor.Redact(options.Cluster)}': expected redis://host:port, "
                + "postgres://user:password@host[:port]/database, or none for a local silo");
        }
        silo.Services.Configure<PoolStoreOptions>(pools => pools.Location = options.PoolStore ?? Path.Combine(options.Home, "pools"));
        silo.Services.AddFcanRenderers();
        return silo.AddFcanWorkers(workers =>
        {
            workers.Devices = [.. options.Devices];
            if (options.LeaseDuration is { } lease) workers.LeaseDuration = lease;
        });
    }

    /// <summary>The renderer a silo's device workers use: one per conversion method, chosen by each job's method.</summary>
    public static IServiceCollection AddFcanRenderers(this IServiceCollection services)
    {
        services.AddSingleton<DatasetCatalog>();
        services.AddSingleton<IDatasetCatalog>(provider => provider.GetRequiredService<DatasetCatalog>());
        services.AddSingleton<AanItemRenderer>();
        services.AddSingleton<AdapterItemRenderer>();
        services.AddSingleton<BaselineItemRenderer>();
        return services.AddSingleton<IItemRenderer, MethodItemRenderer>();
    }

    private static void ConfigureClusterEndpoints(ISiloBuilder silo, FcanSiloOptions options)
    {
        var advertised = options.AdvertisedAddress is null ? IPAddress.Loopback : AddressOf(options.AdvertisedAddress);
        silo.ConfigureEndpoints(advertised, options.SiloPort, options.GatewayPort,
            listenOnAnyHostAddress: options.AdvertisedAddress is not null);
        // Its address settings come after these (it post-configures the endpoints); deploy/k8s/rbac.yaml grants
        // read-only access to pods, so it never deletes the pods of silos it finds defunct.
        if (options.Kubernetes)
        {
            RequirePod();
            silo.UseKubernetesHosting(kubernetes => kubernetes.Configure(o => o.DeleteDefunctSiloPods = false));
        }
    }

    /// <summary>Orleans checks the pod's variables only once the silo starts, with a stack trace; this says it in a line.</summary>
    private static void RequirePod()
    {
        var missing = new[]
        {
            KubernetesHostingOptions.PodNameEnvironmentVariable, KubernetesHostingOptions.PodNamespaceEnvironmentVariable,
            KubernetesHostingOptions.PodIPEnvironmentVariable,
        }.Where(name => string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name))).ToList();
        if (missing.Count > 0)
            throw new ArgumentException($"--kubernetes: {string.Join(", ", missing)} not set; run it in a pod that sets "
                + "them from the downward API (deploy/k8s/silo.yaml)");
    }

    private static IPAddress AddressOf(string host) =>
        IPAddress.TryParse(host, out var address)
            ? address
            : Dns.GetHostAddresses(host).FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
              ?? throw new ArgumentException($"advertised address '{host}': no IPv4 address found");

    /// <summary>Adds this silo's device workers and what its trainers need; the caller registers the grain storage and reminders.</summary>
    public static ISiloBuilder AddFcanWorkers(this ISiloBuilder silo, Action<DeviceWorkerOptions> configure)
    {
        silo.Services.Configure(configure);
        silo.Services.AddOptions<Jobs.JobTimingOptions>();
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.TryAddSingleton<BlobStoreCache>();
        silo.Services.AddMetrics();
        silo.Services.TryAddSingleton<GpuMemoryProbe>();
        silo.Services.TryAddSingleton<FcanMetrics>();
        silo.Services.AddSingleton<DeviceWorkerService>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(
            services => services.GetRequiredService<DeviceWorkerService>());
        silo.Services.TryAddSingleton<TrainingSamples>();
        silo.Services.TryAddSingleton<ITrainingNetworks, PretrainedTrainingNetworks>();
        silo.Services.AddPlacementDirector<SiloPinnedPlacement, SiloPinnedPlacementDirector>();
        // One ring chunk is one message: half of ResNet-101's fp32 gradients (150 MB) between two trainers is over
        // Orleans' 100 MB default.
        silo.Services.Configure<SiloMessagingOptions>(messaging => messaging.MaxMessageBodySize = Math.Max(messaging.MaxMessageBodySize, MaxRingChunkBytes));
        return silo;
    }
}
