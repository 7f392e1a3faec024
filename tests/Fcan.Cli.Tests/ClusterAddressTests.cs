using Fcan.Client.Cli;
using Fcan.Client.Connection;

namespace Fcan.Cli.Tests;

public sealed class ClusterAddressTests
{
    [Theory]
    [InlineData(null, ClusterKind.Embedded)]
    [InlineData("", ClusterKind.Embedded)]
    [InlineData("redis://127.0.0.1:6379", ClusterKind.Redis)]
    [InlineData("postgres://fcan:pw@127.0.0.1:5432/fcan", ClusterKind.Postgres)]
    [InlineData("postgresql://fcan@db/fcan", ClusterKind.Postgres)]
    [InlineData("localhost:30000", ClusterKind.Gateway)]
    public void Recognises_each_connection_kind(string? connection, ClusterKind kind) =>
        Assert.Equal(kind, ClusterAddress.Parse(connection).Kind);

    [Theory]
    [InlineData("mysql://db/x", "unknown scheme")]
    [InlineData("postgres://fcan:hunter2@db", "names no database")]
    [InlineData("localhost", "expected host:port")]
    [InlineData("localhost:99999", "expected host:port")]
    public void Rejects_bad_connections_with_a_reason_and_no_secret(string connection, string reason)
    {
        var error = Assert.Throws<UsageException>(() => ClusterAddress.Parse(connection));
        Assert.Contains(reason, error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Fact]
    public void Display_hides_the_password() =>
        Assert.Equal("postgres://fcan:***@db/fcan", ClusterAddress.Parse("postgres://fcan:hunter2@db/fcan").Display);
}
