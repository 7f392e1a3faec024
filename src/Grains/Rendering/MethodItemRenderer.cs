using Fcan.Grains.Contracts;

namespace Fcan.Grains.Rendering;

/// <summary>The silo's renderer: opens each job's session with the renderer of the job's method.</summary>
public sealed class MethodItemRenderer(AanItemRenderer aan, AdapterItemRenderer adapters, BaselineItemRenderer baselines) : IItemRenderer
{
    public IRenderSession Open(JobSpec spec, string device, CancellationToken cancellationToken) => spec.Settings.Method switch
    {
        RenderMethod.Aan => aan.Open(spec, device, cancellationToken),
        RenderMethod.Adapter => adapters.Open(spec, device, cancellationToken),
        _ => baselines.Open(spec, device, cancellationToken),
    };
}
