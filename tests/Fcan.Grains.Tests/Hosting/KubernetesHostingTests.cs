using Fcan.Grains.Hosting;
using Fcan.Testing;

namespace Fcan.Grains.Tests.Hosting;

/// <summary>`fcan-silo --kubernetes` outside a pod (or without a cluster) says why in one line instead of Orleans'
/// start-up stack trace. Inside a pod it is not tested here: there is no Kubernetes cluster in CI.</summary>
public sealed class KubernetesHostingTests
{
    [Fact]
    public void Kubernetes_hosting_without_the_pods_variables_is_refused_by_name()
    {
        var options = new FcanSiloOptions { Cluster = "redis://127.0.0.1:1", Kubernetes = true, SiloPort = FreePort.Next(), GatewayPort = FreePort.Next() };

        var error = Assert.Throws<ArgumentException>(() => FcanSiloHost.Build(options));

        Assert.Equal("--kubernetes: POD_NAME, POD_NAMESPACE, POD_IP not set; run it in a pod that sets them from the "
            + "downward API (deploy/k8s/silo.yaml)", error.Message);
    }

    [Fact]
    public void Kubernetes_hosting_needs_a_cluster()
    {
        var options = new FcanSiloOptions { Kubernetes = true, Home = Path.GetTempPath(), SiloPort = FreePort.Next(), GatewayPort = FreePort.Next() };

        var error = Assert.Throws<ArgumentException>(() => FcanSiloHost.Build(options));

        Assert.Equal("--kubernetes needs --cluster: a local silo has no cluster to join", error.Message);
    }
}
