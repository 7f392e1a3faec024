namespace Fcan.Data.Storage;

/// <summary>A write-only stream over an <see cref="IStagedUpload"/>: bytes are gathered into blocks of a fixed size and
/// staged as each fills, so a large blob is written in bounded memory. <see cref="FlushAsync(CancellationToken)"/>
/// stages the last partial block; committing stays with the caller.</summary>
public sealed class StagedUploadStream(IStagedUpload upload, int blockSize) : Stream
{
    private readonly byte[] block = new byte[blockSize];
    private int filled;
    private long written;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => written;

    public override long Position
    {
        get => written;
        set => throw new NotSupportedException();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var count = Math.Min(buffer.Length, block.Length - filled);
            buffer[..count].CopyTo(block.AsMemory(filled));
            filled += count;
            written += count;
            buffer = buffer[count..];
            if (filled == block.Length) await StageAsync(cancellationToken);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Synchronous callers block on the upload; the shard writer itself only writes asynchronously.
    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (filled > 0) await StageAsync(cancellationToken);
    }

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    private async Task StageAsync(CancellationToken cancellationToken)
    {
        // The block buffer is reused, so the upload gets its own copy.
        await upload.StageBlockAsync(block.AsMemory(0, filled).ToArray(), cancellationToken);
        filled = 0;
    }
}
