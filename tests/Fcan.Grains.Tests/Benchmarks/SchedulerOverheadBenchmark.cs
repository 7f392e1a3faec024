using System.Diagnostics;
using Fcan.Grains.Contracts;
using Fcan.Grains.Hosting;
using Fcan.Grains.Persistence;
using Fcan.Grains.Tests.Support;
using Fcan.Testing;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace Fcan.Grains.Tests.Benchmarks;

/// <summary>Scheduler overhead (BENCHMARKS.md): items per second through listing, leases, completion reports, output
/// staging and shard writes with a renderer that does nothing, on 3 silos, per grain storage. It asserts only that the
/// job completes with every item in its shards; the rate goes to the test output.</summary>
[Trait("Category", "Benchmark")]
[Collection(BenchmarkCollection.Name)]
public sealed class SchedulerOverheadBenchmark(RedisFixture redis, ITestOutputHelper output) : IClassFixture<RedisFixture>
{
    private const int Items = 3000;

    [Theory]
    [InlineData("memory")]
    [InlineData("file")]
    [InlineData("redis")]
    public async Task No_op_renders_through_three_silos(string storage)
    {
        await using var cluster = await ConversionCluster.StartAsync(new TestRenderer(TimeSpan.Zero),
            grainStorage: Storage(storage));

        var clock = Stopwatch.StartNew();
        await cluster.Job("bench").Start(cluster.Spec(Items, shardSize: 100));
        var final = await cluster.WaitUntilFinalAsync("bench", TimeSpan.FromMinutes(3), status =>
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: done {status.Progress.Done}, leased {status.Progress.Leased}, shards {status.ShardsWritten}"));
        clock.Stop();

        Assert.Equal(JobState.Completed, final.State);
        Assert.Equal(Items, (await cluster.ReadShardsAsync()).Count);
        output.WriteLine($"{storage}: {Items} items in {clock.Elapsed.TotalSeconds:0.00} s = {Items / clock.Elapsed.TotalSeconds:0} items/s");
    }

    private Action<ISiloBuilder>? Storage(string storage) => storage switch
    {
        "memory" => silo => silo.AddMemoryGrainStorage(GrainStorageNames.Fcan),
        "redis" => silo => silo.AddRedisGrainStorage(GrainStorageNames.Fcan,
            o => o.ConfigurationOptions = RedisConnection.Options(redis.Server.Uri)),
        _ => null,
    };
}
