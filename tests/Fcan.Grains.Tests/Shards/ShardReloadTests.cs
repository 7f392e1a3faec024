using Fcan.Data.Storage;
using Fcan.Grains.Contracts;
using Fcan.Grains.Hosting;
using Fcan.Grains.Persistence;
using Fcan.Grains.Shards;
using Fcan.Grains.Tests.Support;
using Fcan.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace Fcan.Grains.Tests.Shards;

/// <summary>A shard read back from the cluster's state store (a new activation after its silo died, was restarted or
/// let it go idle) must hold what was written: its items' states, not just the shard file's record. Stored through
/// Orleans' JSON storage serializer, the items' privately set states came back as pending: the job then counted a
/// written shard's items as pending (issue 14 defect 9: "35 of 40 done" after kill-silo) and the generation index
/// left them out, so the next refresh rendered them again.</summary>
public sealed class ShardReloadTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("fcan-reload-").FullName;

    [Fact]
    public async Task A_written_shard_read_back_from_redis_keeps_its_items_states()
    {
        using var redis = RedisServer.Start();
        await AssertShardSurvivesARestartAsync(redis.Uri);
    }

    [Fact]
    public async Task A_written_shard_read_back_from_postgres_keeps_its_items_states()
    {
        using var postgres = PostgresServer.Start();
        await AssertShardSurvivesARestartAsync(postgres.Uri);
    }

    [Fact]
    public async Task A_written_shard_read_back_from_the_embedded_file_store_keeps_its_items_states() =>
        await AssertShardSurvivesARestartAsync(cluster: null);

    [Fact]
    public async Task Shard_state_that_an_earlier_fcan_stored_as_json_is_still_read()
    {
        using var silo = await StartSiloAsync(cluster: null);
        var stored = new JsonGrainStorageSerializer(silo.Services.GetRequiredService<OrleansJsonSerializer>())
            .Serialize(new ShardState { Name = "shards/shard-000000.tar", Sealed = true, Version = 7 });

        var read = GrainStateSerializer.Create(silo.Services).Deserialize<ShardState>(stored);

        Assert.Equal(("shards/shard-000000.tar", true, 7L), (read!.Name, read.Sealed, read.Version));
        await silo.StopAsync();
    }

    private async Task AssertShardSurvivesARestartAsync(string? cluster)
    {
        var spec = new JobSpec(Path.Combine(folder, "source"), "folder", "pool", 1, new RenderSettings(1, null, 1),
            Path.Combine(folder, "out"), ShardSize: 2);
        var key = ShardKey.For("reload-job", 0);
        ShardReport written;
        using (var silo = await StartSiloAsync(cluster))
        {
            var shard = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IJobShardGrain>(key);
            await shard.Assign(new ShardAssignment(spec, "shards/shard-000000.tar", 0, [new ShardItem("a"), new ShardItem("b")],
                SealedAfter: true));
            var leases = await shard.Lease("worker", 2, TimeSpan.FromMinutes(5));
            await shard.Report(await ShardStorageOutageTests.StoreOutputsAsync(BlobStores.Open(spec.Output), leases));
            written = await shard.Reconcile();
            Assert.Equal(2, written.Written?.Members);
            await silo.StopAsync();
        }

        using (var silo = await StartSiloAsync(cluster))
        {
            var shard = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IJobShardGrain>(key);
            var reloaded = await shard.Reconcile();
            Assert.Equal(new ShardCounts(2, 0, 0, 2, 0, 0), reloaded.Counts);
            Assert.Equal(written.Written, reloaded.Written);
            Assert.Equal(["a", "b"], (await shard.GetWrittenItems()).Select(item => item.Key));
            await silo.StopAsync();
        }
    }

    private async Task<IHost> StartSiloAsync(string? cluster)
    {
        var options = cluster is null
            ? new FcanSiloOptions { Home = Path.Combine(folder, "home"), SiloPort = FreePort.Next(), GatewayPort = FreePort.Next() }
            : TwoSiloConversion.SiloOptions(cluster, folder);
        options.Devices = []; // this test is the worker
        var silo = FcanSiloHost.Build(options);
        await silo.StartAsync();
        return silo;
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
