using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Fcan.Grains.Contracts;
using Fcan.Grains.Rendering;

namespace Fcan.Grains.Tests.Support;

/// <summary>A renderer that takes a known time per item and fails the items it is told to, counting every render.
/// Each item's source is "its key, version N": <see cref="ChangeSource"/> edits it, as a refresh would find.</summary>
public sealed class TestRenderer(TimeSpan delay, IReadOnlySet<string> poisoned) : IItemRenderer
{
    private readonly ConcurrentDictionary<string, int> renders = new();
    private readonly ConcurrentDictionary<string, int> sourceVersions = new();
    private readonly TimeSpan delay = delay;
    private readonly IReadOnlySet<string> poisoned = poisoned;

    public TestRenderer(TimeSpan delay) : this(delay, new HashSet<string>()) { }

    /// <summary>How often each item was rendered (more than once when a lease expired or a silo died).</summary>
    public IReadOnlyDictionary<string, int> Renders => renders;

    /// <summary>The adapted image of an item as this renderer makes it, for comparing shard contents.</summary>
    public static byte[] ImageOf(string itemKey) => Encoding.UTF8.GetBytes($"adapted {itemKey}");

    /// <summary>Gives the item's source new content, so its sha256 changes.</summary>
    public void ChangeSource(string itemKey) => sourceVersions.AddOrUpdate(itemKey, 1, (_, version) => version + 1);

    /// <summary>Forgets the renders counted so far (before a refresh whose renders a test counts).</summary>
    public void ResetRenders() => renders.Clear();

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

        public string SourceSha256(string itemKey, CancellationToken cancellationToken) =>
            Convert.ToHexStringLower(SHA256.HashData(
                Encoding.UTF8.GetBytes($"{itemKey}, version {renderer.sourceVersions.GetValueOrDefault(itemKey)}")));

        public void Dispose() { }
    }
}
