using Fcan.Data.Shards;
using Fcan.Data.Storage;
using Fcan.Grains.Contracts;
using Fcan.Grains.Hosting;
using Fcan.Grains.Rendering;
using Fcan.Grains.Shards;
using Fcan.Grains.Tests.Support;
using Fcan.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fcan.Grains.Tests.Shards;

/// <summary>A shard whose state write fails (its Redis is down when a worker reports) must not keep the unsaved
/// outcomes in memory: no later call would save them, and the job would wait on the shard forever (seen in the fault
/// suite). After the outage the shard hands the items out again, and the shard file is written once, complete.</summary>
public sealed class ShardStorageOutageTests : IDisposable
{
    private const string JobId = "outage-job";
    private readonly string folder = Directory.CreateTempSubdirectory("fcan-outage-").FullName;

    [Fact]
    public async Task Outcomes_lost_to_a_failed_state_write_are_leased_again_and_the_shard_completes()
    {
        using var redis = RedisServer.StartDurable(Path.Combine(folder, "redis"));
        var options = TwoSiloConversion.SiloOptions(redis.Uri, folder);
        options.Devices = []; // this test is the worker
        using var silo = FcanSiloHost.Build(options);
        await silo.StartAsync();
        var grains = silo.Services.GetRequiredService<IGrainFactory>();
        var output = BlobStores.Open(Path.Combine(folder, "out"));
        var spec = new JobSpec(Path.Combine(folder, "source"), "folder", "pool", 1, new RenderSettings(1, null, 1),
            Path.Combine(folder, "out"), ShardSize: 2);
        var shard = grains.GetGrain<IJobShardGrain>(ShardKey.For(JobId, 0));
        await shard.Assign(new ShardAssignment(spec, "shards/shard-000000.tar", 0, [new ShardItem("a"), new ShardItem("b")],
            SealedAfter: true));

        var first = await shard.Lease("worker", 2, TimeSpan.FromMinutes(5));
        var outcomes = await StoreOutputsAsync(output, first);
        await redis.StopAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => shard.Report(outcomes));
        redis.Restart();

        var again = await shard.Lease("worker", 2, TimeSpan.FromMinutes(5));
        Assert.Equal(["a", "b"], again.Select(lease => lease.ItemKey));
        await shard.Report(await StoreOutputsAsync(output, again));
        var report = await shard.Reconcile();

        Assert.Equal(new ShardCounts(2, 0, 0, 2, 0, 0), report.Counts);
        Assert.Equal(2, report.Written?.Members);
        var written = await ShardReader.DescribeAsync(output, report.Written!.Name, CancellationToken.None);
        Assert.Equal(report.Written.Sha256, written.Sha256);
        var keys = new List<string>();
        await foreach (var sample in ShardReader.ReadSamplesAsync(output, written, CancellationToken.None)) keys.Add(sample.Key);
        Assert.Equal(["a", "b"], keys);
        await silo.StopAsync();
    }

    /// <summary>What a device worker stores and reports for each lease (create-only: a second render of an item finds
    /// the first one's output).</summary>
    internal static async Task<IReadOnlyList<RenderOutcome>> StoreOutputsAsync(IBlobStore output, IReadOnlyList<RenderLease> leases)
    {
        var outcomes = new List<RenderOutcome>();
        foreach (var lease in leases)
        {
            var name = ItemOutputArchive.NameFor(lease.JobId, lease.ItemKey);
            var sha256 = await ItemOutputArchive.StoreAsync(output, name, lease.ItemKey,
                [new RenderedMember("txt", "adapted"u8.ToArray())], CancellationToken.None);
            outcomes.Add(RenderOutcome.Done(lease, name, sha256, sourceSha256: new string('0', 64)));
        }
        return outcomes;
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
