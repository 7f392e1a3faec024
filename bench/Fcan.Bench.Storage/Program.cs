using Fcan.Bench.Storage;
using Fcan.Data.Storage;
using Fcan.Testing;

// Usage: dotnet run -c Release --project bench/Fcan.Bench.Storage -- [total MB] [sample KB] [shard MB] [runs]
var totalMb = args.Length > 0 ? int.Parse(args[0]) : 256;
var sampleKb = args.Length > 1 ? int.Parse(args[1]) : 1024;
var shardMb = args.Length > 2 ? int.Parse(args[2]) : 64;
var runs = args.Length > 3 ? int.Parse(args[3]) : 3;
var samples = totalMb * 1024 / sampleKb;
var bench = new ShardThroughput(samples, sampleKb * 1024, shardMb * 1024L * 1024);
using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(30));

Console.WriteLine($"{samples} samples of {sampleKb} KiB, shards of up to {shardMb} MiB, {runs} runs per backend");
var scratch = Path.Combine(Path.GetTempPath(), $"fcan-bench-{Guid.NewGuid():N}");
try
{
    await Report("local disk", run => new LocalBlobStore(Path.Combine(scratch, $"run{run}")));
}
finally
{
    if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
}
using (var azurite = AzuriteServer.Start())
    await Report("Azurite (in-memory, loopback)", run => AzureBlobStore.Connect(azurite.ConnectionString, $"bench-{run}", "out"));

async Task Report(string backend, Func<int, IBlobStore> storeForRun)
{
    for (var run = 0; run < runs; run++)
    {
        var (write, verify, bytes, shards) = await bench.MeasureAsync(storeForRun(run), cancel.Token);
        Console.WriteLine($"{backend,-32} run {run + 1}: {bytes / 1e6:F0} MB in {shards} shards, write {write,7:F1} MB/s, verify {verify,7:F1} MB/s");
    }
}
