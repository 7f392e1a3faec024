namespace Fcan.Grains.Hosting;

/// <summary>How a silo joins its cluster, where it keeps state, and which devices it renders on.</summary>
public sealed class FcanSiloOptions
{
    /// <summary>Null: a single local silo (the embedded mode) with state in files under <see cref="Home"/>.
    /// "redis://[user:password@]host:port": a cluster whose membership, grain state and reminders are in Redis;
    /// "postgres://user:password@host[:port]/database": the same in PostgreSQL (the schema is created at start).</summary>
    public string? Cluster { get; set; }

    /// <summary>Where the local mode keeps grain state and reminders.</summary>
    public string Home { get; set; } = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".fcan");

    /// <summary>Where pools store their statistics (local path or az://); every silo must reach it.
    /// Null: "pools" under <see cref="Home"/>, which suits the local mode only.</summary>
    public string? PoolStore { get; set; }

    /// <summary>One device worker per entry ("cpu", "cuda:0", ...).</summary>
    public List<string> Devices { get; set; } = ["cpu"];

    /// <summary>Cluster mode: the address other silos and clients reach this silo at (an IP or host name, e.g. the
    /// pod IP); the silo then listens on every interface. Null: loopback only, for silos on one host.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Cluster mode in a Kubernetes pod: Orleans' Kubernetes hosting names the silo after its pod, listens on
    /// every interface and advertises the pod's IP (POD_NAME, POD_NAMESPACE, POD_IP, ORLEANS_SERVICE_ID and
    /// ORLEANS_CLUSTER_ID must be set, as deploy/k8s/silo.yaml does), and declares a silo dead as soon as its pod is
    /// gone instead of waiting for missed probes.</summary>
    public bool Kubernetes { get; set; }

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>Port of the Orleans Dashboard this silo serves; 0 (the embedded mode's default) serves none.</summary>
    public int DashboardPort { get; set; }

    /// <summary>Address the dashboard listens on. Anything but loopback requires <see cref="DashboardCredentials"/>.</summary>
    public string DashboardBind { get; set; } = "127.0.0.1";

    /// <summary>Basic-authentication user and password the dashboard and the metrics endpoint ask for; null: no
    /// authentication.</summary>
    public DashboardCredentials? DashboardCredentials { get; set; }

    /// <summary>Port of the Prometheus endpoint (/metrics) for Fcan's and Orleans' meters; 0 serves none.</summary>
    public int MetricsPort { get; set; }

    /// <summary>Address the metrics endpoint listens on. Anything but loopback requires <see cref="DashboardCredentials"/>.</summary>
    public string MetricsBind { get; set; } = "127.0.0.1";

    /// <summary>Port of the probes' endpoints, /healthz (the process answers) and /ready (the silo is active in its
    /// cluster); 0 serves none. They tell nothing but that, so they need no credentials on any address.</summary>
    public int HealthPort { get; set; }

    /// <summary>Address the probes' endpoints listen on (Kubernetes probes the pod's address: 0.0.0.0 there).</summary>
    public string HealthBind { get; set; } = "127.0.0.1";

    /// <summary>An OpenTelemetry collector (OTLP, gRPC, e.g. http://collector:4317) that gets Fcan's and Orleans'
    /// spans and metrics; null: none.</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>How long this silo's workers' leases last without renewal, which is how long a dead silo's items wait
    /// before other silos render them; null: <see cref="Workers.DeviceWorkerOptions.LeaseDuration"/>. Shorter recovers
    /// sooner from a crash and costs more renewals (one per lease batch every third of it).</summary>
    public TimeSpan? LeaseDuration { get; set; }

    /// <summary>Log one JSON object per line (for log collectors) instead of one line of text.</summary>
    public bool JsonLogs { get; set; }
}
