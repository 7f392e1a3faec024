using Fcan.Data.Storage;

namespace Fcan.Data.Tests.Storage;

public sealed class LocalBlobStoreTests : BlobStoreContract, IDisposable
{
    private readonly TempFolder folder = new();

    public LocalBlobStoreTests() => Store = new LocalBlobStore(folder.Path);

    protected override IBlobStore Store { get; }

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task SymlinkLeavingTheRootIsRefused()
    {
        using var outside = new TempFolder();
        File.WriteAllText(Path.Combine(outside.Path, "secret.txt"), "secret");
        File.CreateSymbolicLink(Path.Combine(folder.Path, "link.txt"), Path.Combine(outside.Path, "secret.txt"));
        Directory.CreateSymbolicLink(Path.Combine(folder.Path, "dir"), outside.Path);

        var error = await Assert.ThrowsAsync<StorageException>(() => Store.OpenReadAsync("link.txt", TestTimeout.Token));
        Assert.Contains("symlink leaves the store root", error.Message);
        await Assert.ThrowsAsync<StorageException>(() => Store.OpenReadAsync("dir/secret.txt", TestTimeout.Token));
        await Assert.ThrowsAsync<StorageException>(() => Store.TryCreateAsync("dir/new.txt", Bytes("x"), TestTimeout.Token));
        Assert.False(File.Exists(Path.Combine(outside.Path, "new.txt")));
    }

    [Fact]
    public async Task RelativeSymlinksClimbingOutAreRefusedAndSymlinkedFoldersAreNotListed()
    {
        using var outside = new TempFolder();
        File.WriteAllText(Path.Combine(outside.Path, "secret.txt"), "secret");
        Directory.CreateDirectory(Path.Combine(folder.Path, "sub"));
        var climb = Path.Combine("..", "..", Path.GetFileName(outside.Path), "secret.txt");
        File.CreateSymbolicLink(Path.Combine(folder.Path, "sub", "up.txt"), climb);
        Directory.CreateSymbolicLink(Path.Combine(folder.Path, "outdir"), outside.Path);
        await Store.TryCreateAsync("sub/real.txt", Bytes("inside"), TestTimeout.Token);
        File.CreateSymbolicLink(Path.Combine(folder.Path, "sub", "back.txt"), Path.Combine("..", "sub", "real.txt"));

        var error = await Assert.ThrowsAsync<StorageException>(() => Store.OpenReadAsync("sub/up.txt", TestTimeout.Token));
        Assert.Contains("symlink leaves the store root", error.Message);
        Assert.Equal("inside", await ReadTextAsync("sub/back.txt"));
        var listed = await Store.ListAsync("", TestTimeout.Token).Select(blob => blob.Name).ToListAsync();
        Assert.Equal(["sub/back.txt", "sub/real.txt", "sub/up.txt"], listed);
        Assert.Equal(0, listed.Count(name => name.StartsWith("outdir", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SymlinkInsideTheRootIsFollowed()
    {
        await Store.TryCreateAsync("real.txt", Bytes("inside"), TestTimeout.Token);
        File.CreateSymbolicLink(Path.Combine(folder.Path, "alias.txt"), "real.txt");

        Assert.Equal("inside", await ReadTextAsync("alias.txt"));
    }

    [Fact]
    public async Task StagingFolderIsHiddenAndReserved()
    {
        await using (var upload = await Store.BeginStagedUploadAsync("pending.bin", TestTimeout.Token))
        {
            await upload.StageBlockAsync(new byte[10], TestTimeout.Token);
            Assert.Empty(await ListAsync(""));
        }

        await Assert.ThrowsAsync<StorageException>(() =>
            Store.TryCreateAsync($"{LocalBlobStore.StagingFolder}/x", Bytes("x"), TestTimeout.Token));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(folder.Path, LocalBlobStore.StagingFolder), "*.tmp"));
    }

    [Fact]
    public async Task TwoStoresOnTheSameFolderShareTheCreateOnlyGuarantee()
    {
        var other = new LocalBlobStore(folder.Path);
        var results = await Task.WhenAll(
            Task.Run(() => Store.TryCreateAsync("one.txt", Bytes("a"), TestTimeout.Token)),
            Task.Run(() => other.TryCreateAsync("one.txt", Bytes("b"), TestTimeout.Token)));

        Assert.Single(results, info => info != null);
    }
}
