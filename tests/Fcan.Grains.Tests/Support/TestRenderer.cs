using System.Collections.Concurrent;
using System.Text;
using Fcan.Grains.Contracts;
using Fcan.Grains.Rendering;

namespace Fcan.Grains.Tests.Support;

/// <summary>A renderer that takes a known time per item and fails the items it is told to, counting every render.</summary>
public sealed class TestRenderer(TimeSpan delay, IReadOnlySet<string> poisoned) : IItemRenderer
{
    private readonly ConcurrentDictionary<string, int> renders = new();
    private readonly TimeSpan delay = delay;
    private readonly IReadOnlySet<string> poisoned = poisoned;

    public TestRenderer(TimeSpan delay) : this(delay, new HashSet<string>()) { }

    /// <summary>How often each item was rendered (more than once when a lease expired or a silo died).</summary>
    public IReadOnlyDictionary<string, int> Renders => renders;

    /// <summary>The adapted image of an item as this renderer makes it, for comparing shard contents.</summary>
    public static byte[] ImageOf(string itemKey) => Encoding.UTF8.GetBytes($"adapted {itemKey}");

    public IRenderSession Open(JobSpec spec, string device, CancellationToken cancellationToken) => new Session(this);

    private sealed class Session(TestRenderer renderer) : IRenderSession
    {
        public IReadOnlyList<RenderedMember> Render(string itemKey, CancellationToken cancellationToken)
        {
            renderer.renders.AddOrUpdate(itemKey, 1, (_, n) => n + 1);
            if (renderer.delay > TimeSpan.Zero) Task.Delay(renderer.delay, cancellationToken).Wait(cancellationToken);
            if (renderer.poisoned.Contains(itemKey))
                throw new RenderFailedException($"item '{itemKey}': loss became NaN at iteration 3", retryable: true);
            return [new RenderedMember("png", ImageOf(itemKey)), new RenderedMember("json", Encoding.UTF8.GetBytes("{}"))];
        }

        public void Dispose() { }
    }
}
