using System.Diagnostics;
using Fcan.Data.Shards;
using Fcan.Data.Storage;

namespace Fcan.Bench.Storage;

/// <summary>Writes a dataset of shards plus its manifest into a fresh store, then verifies it, and reports MB/s
/// (megabytes of shard bytes, 10^6, per second of wall time) for each phase.</summary>
public sealed class ShardThroughput(int samples, int sampleBytes, long shardBytes)
{
    public async Task<(double WriteMBps, double VerifyMBps, long Bytes, int Shards)> MeasureAsync(IBlobStore store, CancellationToken ct)
    {
        var batches = ShardBatcher.Batch(Samples(), new ShardLimits(int.MaxValue, shardBytes)).ToList();
        var clock = Stopwatch.StartNew();
        var records = new List<ShardRecord>();
        for (var index = 0; index < batches.Count; index++)
            records.Add(await ShardWriter.WriteAsync(store, index, batches[index], ct));
        await ManifestWriter.WriteAsync(store, records, ct);
        var write = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var keys = await ShardReader.VerifyAsync(store, ct);
        var verify = clock.Elapsed.TotalSeconds;
        if (keys.Count != samples) throw new InvalidOperationException($"verified {keys.Count} samples, wrote {samples}");

        var bytes = records.Sum(record => record.Bytes);
        return (bytes / 1e6 / write, bytes / 1e6 / verify, bytes, records.Count);
    }

    /// <summary>Random (incompressible) image-sized members, like PNGs; generated once per sample, lazily.</summary>
    private IEnumerable<ShardSample> Samples()
    {
        var random = new Random(42);
        for (var i = 0; i < samples; i++)
        {
            var image = new byte[sampleBytes];
            random.NextBytes(image);
            var key = $"{i:D6}";
            yield return new ShardSample(key,
                [new ShardMember($"{key}.png", image), new ShardMember($"{key}.json", "{\"bench\":true}"u8.ToArray())]);
        }
    }
}
