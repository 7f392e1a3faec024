using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fcan.Data.Shards;
using Fcan.Data.Storage;
using Fcan.Testing;

namespace Fcan.Data.Tests.Shards;

/// <summary>Keys longer than ustar's 100-byte names: Pax entries carry them whole, and keys no file system could
/// extract are refused by name before anything is written.</summary>
public sealed class LongKeyTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task A200ByteKeyRoundTripsThroughTheReaderAndPythonsTarfile()
    {
        var key = new string('k', 190) + "ééééé";
        Assert.Equal(200, Encoding.UTF8.GetByteCount(key));
        var samples = new[] { Sample(key), Sample("short") };
        var store = new LocalBlobStore(folder.Path);

        var record = await ShardWriter.WriteAsync(store, 0, samples, TestTimeout.Token);
        var read = new List<ShardSample>();
        await foreach (var sample in ShardReader.ReadSamplesAsync(store, record, TestTimeout.Token)) read.Add(sample);

        Assert.Equal([key, "short"], read.Select(sample => sample.Key));
        Assert.Equal(Members(samples), read.SelectMany(sample => sample.Members).Select(member => (member.Name, Sha256(member.Content))));
        const string listMembers = """
            import hashlib, json, sys, tarfile
            with tarfile.open(sys.argv[1]) as tar:
                print(json.dumps([[m.name, hashlib.sha256(tar.extractfile(m).read()).hexdigest()] for m in tar]))
            """;
        var python = await Python.RunAsync(["-c", listMembers, Path.Combine(folder.Path, record.Name)], TestTimeout.Token);
        Assert.True(python.ExitCode == 0, python.Error);
        var listed = JsonSerializer.Deserialize<string[][]>(python.Output)!.Select(pair => (pair[0], pair[1]));
        Assert.Equal(Members(samples), listed);
    }

    [Theory]
    [InlineData(225, "has a name of 225 bytes (UTF-8), more than the 224")]
    [InlineData(599, "is 599 bytes long (UTF-8), more than the 512 allowed")]
    public async Task KeysTooLongToStoreAreRefusedWithTheReason(int bytes, string reason)
    {
        // One name too long for a file system, or a path of short names too long for a blob name.
        var key = bytes == 225 ? new string('k', bytes) : string.Join('/', Enumerable.Repeat(new string('k', 99), 6));
        Assert.Equal(bytes, key.Length);
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            ShardWriter.WriteAsync(new LocalBlobStore(folder.Path), 0, [Sample("fine"), Sample(key)], TestTimeout.Token));

        Assert.Contains($"shard sample '{key}'", error.Message);
        Assert.Contains(reason, error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path));
    }

    private static ShardSample Sample(string key) =>
        new(key, [new ShardMember($"{key}.png", Encoding.UTF8.GetBytes($"png of {key}")),
                  new ShardMember($"{key}.json", Encoding.UTF8.GetBytes($"{{\"key\":\"{key}\"}}"))]);

    private static IEnumerable<(string, string)> Members(IEnumerable<ShardSample> samples) =>
        samples.SelectMany(sample => sample.Members).Select(member => (member.Name, Sha256(member.Content)));

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
