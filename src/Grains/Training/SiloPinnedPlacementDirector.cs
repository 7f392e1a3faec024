using Orleans.Runtime.Placement;

namespace Fcan.Grains.Training;

/// <summary>Finds the silo a <see cref="TrainerKey"/> names among the active ones; refuses to place it elsewhere.</summary>
public sealed class SiloPinnedPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = TrainerKey.Parse(target.GrainIdentity.Key.ToString()!);
        var silo = context.GetCompatibleSilos(target).FirstOrDefault(s => s.ToString() == key.Silo)
            ?? throw new SiloUnavailableException($"trainer {key.Name}: silo {key.Silo} is not in the cluster");
        return Task.FromResult(silo);
    }
}
