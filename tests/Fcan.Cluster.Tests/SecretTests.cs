using Fcan.Cluster.Tests.Support;
using Fcan.Testing;

namespace Fcan.Cluster.Tests;

/// <summary>
/// The cluster runs with a Redis password and an Azure account key of its own, handed to every silo and client through
/// --cluster and FCAN_AZURE_STORAGE. Neither (nor a PostgreSQL password given to the client) may appear in anything
/// printed: every fcan output of the suite (stdout, --json, errors, --verbose causes) and the silos' verbose logs.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SecretTests(ClusterFixture fixture)
{
    [Fact]
    public async Task No_password_or_account_key_appears_in_any_output_or_log()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await fixture.RestoreAsync(timeout.Token);
        var cluster = fixture.Cluster;
        var postgresPassword = $"pg{Guid.NewGuid():N}";
        var wrongRedisPassword = $"wrong{Guid.NewGuid():N}";

        // Commands that print configuration, state, and failures that name storage locations and connections.
        await cluster.RunFcanAsync(timeout.Token, "--verbose", "cluster", "status", "--json");
        await cluster.RunFcanAsync(timeout.Token, "--verbose", "pool", "list", "--json");
        await cluster.RunFcanAsync(timeout.Token, "--verbose", "job", "list", "--json");
        await cluster.RunFcanAsync(timeout.Token, "--verbose", "convert", "--source", "az://no-such-container/x",
            "--layout", "folder", "--pool", ClusterFixture.Pool, "--out", fixture.OutputUri("secrets"), "--wait", "--json");
        // Connections given through FCAN_CLUSTER, so the transcript's command lines hold no secret either.
        var unreachable = await cluster.RunFcanAsync(Cluster($"postgres://fcan:{postgresPassword}@127.0.0.1:{FreePort.Next()}/fcan"),
            timeout.Token, "--verbose", "cluster", "status", "--json");
        var wrongPassword = await cluster.RunFcanAsync(Cluster($"redis://:{wrongRedisPassword}@127.0.0.1:{cluster.Store.Port}"),
            timeout.Token, "--verbose", "job", "list", "--json");

        Assert.Equal(1, unreachable.ExitCode);
        Assert.Equal(1, wrongPassword.ExitCode);
        var outputs = new[] { cluster.TranscriptPath }.Concat(cluster.Silos.Select(silo => silo.LogPath)).ToList();
        Assert.Contains(outputs, path => File.ReadAllText(path).Contains("Orleans", StringComparison.Ordinal));
        foreach (var path in outputs)
        {
            var text = File.ReadAllText(path);
            foreach (var secret in fixture.Secrets.Append(postgresPassword).Append(wrongRedisPassword))
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{path} shows a secret");
        }
    }

    private static Dictionary<string, string> Cluster(string connection) => new() { ["FCAN_CLUSTER"] = connection };
}
