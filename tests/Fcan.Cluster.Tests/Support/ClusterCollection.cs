namespace Fcan.Cluster.Tests.Support;

/// <summary>Every suite that uses the shared cluster; xunit runs them one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
