using Fcan.Grains.Contracts;

namespace Fcan.Grains.Rendering;

/// <summary>Turns a job's dataset items, with its pool's statistics and settings, into output files.
/// One per silo; device workers open a session per job on their own thread.</summary>
public interface IItemRenderer
{
    IRenderSession Open(JobSpec spec, string device, CancellationToken cancellationToken);
}
