using Fcan.Grains.Contracts;
using Fcan.Grains.Tests.Support;
using Fcan.Testing;

namespace Fcan.Grains.Tests.Hosting;

/// <summary>Cluster mode as fcan-silo runs it: two silo hosts sharing membership, grain state and reminders in a real
/// redis-server, converting a small synthetic dataset together.</summary>
public sealed class RedisClusterTests(RedisFixture redis) : IClassFixture<RedisFixture>, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("fcan-redis-").FullName;

    [Fact]
    public async Task Two_silos_on_redis_convert_a_dataset_together()
    {
        var result = await TwoSiloConversion.RunAsync(redis.Server.Uri, folder, "redis-job");

        Assert.Equal(JobState.Completed, result.Final.State);
        Assert.Equal(4, result.VerifiedSamples);
        Assert.Equal(2, result.Silos);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
