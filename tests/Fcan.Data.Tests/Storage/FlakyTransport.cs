using Azure.Core;
using Azure.Core.Pipeline;

namespace Fcan.Data.Tests.Storage;

/// <summary>The SDK's real HTTP transport, except that the first requests fail like a dropped connection before they
/// leave the machine; the retry policy above it sees a genuine transient failure.</summary>
public sealed class FlakyTransport(int failures) : HttpPipelineTransport
{
    private readonly HttpClientTransport inner = HttpClientTransport.Shared;
    private int sent;

    public int Attempts => Volatile.Read(ref sent);

    public override Request CreateRequest() => inner.CreateRequest();

    public override void Process(HttpMessage message)
    {
        FailIfDue();
        inner.Process(message);
    }

    public override ValueTask ProcessAsync(HttpMessage message)
    {
        FailIfDue();
        return inner.ProcessAsync(message);
    }

    private void FailIfDue()
    {
        if (Interlocked.Increment(ref sent) <= failures) throw new IOException("connection reset by peer (simulated)");
    }
}
