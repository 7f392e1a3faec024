using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fcan.Data.Imaging;
using Fcan.Data.Shards;
using Fcan.Data.Storage;
using Fcan.Testing;

namespace Fcan.Data.Tests.Shards;

/// <summary>
/// The Python reader (python/fcan_shards, Debian's python3-torch) on an output refreshed once: two generations share
/// the shards folder, and the reader, its DataLoader workers, DDP ranks and the root's shards.json must all see
/// exactly the current generation's samples, each shard checked against the manifest.
/// </summary>
public sealed class PythonReaderTests : IDisposable
{
    private const string Read = """
        import json, os, sys, torch
        from fcan_shards import FcanShards, read_shard_list
        out = sys.argv[1]
        def keys(dataset, workers=0):
            loader = torch.utils.data.DataLoader(dataset, batch_size=None, num_workers=workers)
            return [metadata["__key__"] for _, _, metadata in loader]
        samples = [[m["__key__"], list(image.shape), str(image.dtype), None if label is None else label.tolist(),
                    image[:, 0, 0].tolist(), m["generation"]] for image, label, m in FcanShards(out)]
        print(json.dumps({
            "samples": samples,
            "workers": sorted(keys(FcanShards(out), workers=2)),
            "ranks": [keys(FcanShards(out, rank=r, world_size=2)) for r in (0, 1)],
            "shardList": [[os.path.relpath(path, out), n] for path, n in read_shard_list(out)],
        }, separators=(",", ":")))
        """;

    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task TheCurrentGenerationOfARefreshedOutputIsReadExactlyOnce()
    {
        var store = new LocalBlobStore(folder.Path);
        // Generation 1: a, b | c. Generation 2 keeps the first shard and re-renders c next to a new d in its own folder.
        var kept = await ShardWriter.WriteAsync(store, 0, [Sample("a", 1, 10), Sample("b", 1, 20)], TestTimeout.Token);
        var old = await ShardWriter.WriteAsync(store, 1, [Sample("c", 1, 30)], TestTimeout.Token);
        var first = await OutputGenerations.PublishAsync(store, Generation(1, (kept, ["a", "b"]), (old, ["c"])), null, TestTimeout.Token);
        var fresh = await ShardWriter.WriteAsync(store, ShardNames.ForJob("job2", 0), [Sample("c", 2, 40), Sample("d", 2, 50)], TestTimeout.Token);
        await OutputGenerations.PublishAsync(store, Generation(2, (kept, ["a", "b"]), (fresh, ["c", "d"])), first.ETag, TestTimeout.Token);

        var python = await Python.RunAsync(["-c", Read, folder.Path], TestTimeout.Token);

        Assert.True(python.ExitCode == 0, python.Error);
        var result = JsonDocument.Parse(python.Output).RootElement;
        var samples = result.GetProperty("samples").EnumerateArray().Select(s => s.ToString()).ToList();
        Assert.Equal([
            """["a",[3,4,8],"torch.uint8",[[1,1,1,1,1,1,1,1],[1,1,1,1,1,1,1,1],[1,1,1,1,1,1,1,1],[1,1,1,1,1,1,1,1]],[10,11,12],1]""",
            """["b",[3,4,8],"torch.uint8",[[2,2,2,2,2,2,2,2],[2,2,2,2,2,2,2,2],[2,2,2,2,2,2,2,2],[2,2,2,2,2,2,2,2]],[20,21,22],1]""",
            """["c",[3,4,8],"torch.uint8",null,[40,41,42],2]""",
            """["d",[3,4,8],"torch.uint8",null,[50,51,52],2]""",
        ], samples);
        Assert.Equal(["a", "b", "c", "d"], result.GetProperty("workers").EnumerateArray().Select(k => k.GetString()));
        var ranks = result.GetProperty("ranks").EnumerateArray().Select(r => r.EnumerateArray().Select(k => k.GetString()).ToList()).ToList();
        Assert.Equal([["a", "b"], ["c", "d"]], ranks);
        Assert.Equal("""[["shards/shard-000000.tar",2],["shards/job2/shard-000000.tar",2]]""", result.GetProperty("shardList").ToString());
        // The kept list of generation 1 still names generation 1's shards, relative to its own folder.
        var firstList = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder.Path, ShardNames.GenerationShardList(1)))).RootElement;
        Assert.Equal("wids-shard-index-v1", firstList.GetProperty("__kind__").GetString());
        Assert.Equal(["../shards/shard-000000.tar", "../shards/shard-000001.tar"],
            firstList.GetProperty("shardlist").EnumerateArray().Select(s => s.GetProperty("url").GetString()));
    }

    [Fact]
    public async Task AShardThatDoesNotMatchItsManifestLineIsRefusedBeforeAnySampleOfIt()
    {
        var store = new LocalBlobStore(folder.Path);
        var shard = await ShardWriter.WriteAsync(store, 0, [Sample("a", 1, 10)], TestTimeout.Token);
        await OutputGenerations.PublishAsync(store, Generation(1, (shard, ["a"])), null, TestTimeout.Token);
        var path = Path.Combine(folder.Path, shard.Name);
        var bytes = File.ReadAllBytes(path);
        bytes[^1100] ^= 0xFF;
        File.WriteAllBytes(path, bytes);

        var python = await Python.RunAsync(["-c", Read, folder.Path], TestTimeout.Token);

        Assert.NotEqual(0, python.ExitCode);
        Assert.Contains($"fcan_shards._reader.ShardMismatch: {path}: sha256 is ", python.Error);
        Assert.Equal("", python.Output);
    }

    /// <summary>An 8x4 sample whose top-left pixel is (red, red+1, red+2), with a label of <paramref name="generation"/>'s
    /// first generation only (later ones test a source without labels) and its generation in the .json.</summary>
    private static ShardSample Sample(string key, int generation, int red)
    {
        var pixels = new byte[8 * 4 * 3];
        (pixels[0], pixels[1], pixels[2]) = ((byte)red, (byte)(red + 1), (byte)(red + 2));
        List<ShardMember> members = [new($"{key}.png", ImageCodec.EncodePng(new RgbImage(8, 4, pixels)))];
        if (generation == 1) members.Add(new($"{key}.label.png", ImageCodec.EncodeGrayPng(8, 4, [.. Enumerable.Repeat((byte)(red / 10), 32)])));
        members.Add(new($"{key}.json", Encoding.UTF8.GetBytes($$"""{"generation":{{generation}}}""")));
        return new ShardSample(key, members);
    }

    private static GenerationIndex Generation(int number, params (ShardRecord Shard, string[] Keys)[] shards) =>
        new(number, $"job{number}", "recipe",
            [.. shards.Select(s => new IndexedShard(s.Shard, [.. s.Keys.Select(k => new IndexedSample(k, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(k)))))]))]);
}
