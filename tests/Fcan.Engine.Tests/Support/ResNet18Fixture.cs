using Fcan.Engine.Networks;
using Fcan.Engine.Runtime;

namespace Fcan.Engine.Tests.Support;

/// <summary>The packaged ResNet-18, loaded once for the test classes that use it.</summary>
public sealed class ResNet18Fixture : IDisposable
{
    public FeatureNetwork Network { get; } = FeatureNetworks.LoadResNet18(EngineDevice.Cpu);

    public void Dispose() => Network.Dispose();
}
