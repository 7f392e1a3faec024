using Fcan.Grains.Contracts;

namespace Fcan.Grains.Training;

/// <summary>Collects the trainers' reports of each step until every trainer has reported it; the step's losses are
/// then the share-weighted mean and its traffic the mean bytes a trainer sent.</summary>
public sealed class StepTally
{
    private readonly Dictionary<int, List<TrainerStepReport>> steps = [];

    /// <summary>Adds a report; returns the step's combined figures once <paramref name="world"/> trainers reported it.</summary>
    public (TrainingLosses Losses, long BytesPerTrainer)? Add(TrainerStepReport report, int world)
    {
        if (!steps.TryGetValue(report.Step, out var reports)) steps[report.Step] = reports = [];
        if (reports.All(r => r.Rank != report.Rank)) reports.Add(report);
        if (reports.Count < world) return null;
        steps.Remove(report.Step);
        var losses = new TrainingLosses(
            Mean(reports, r => r.Losses.Segmentation),
            Mean(reports, r => r.Losses.Adversarial),
            Mean(reports, r => r.Losses.Discriminator),
            Mean(reports, r => r.Losses.Total),
            Mean(reports, r => r.Losses.Content),
            Mean(reports, r => r.Losses.Style));
        return (losses, (long)reports.Average(r => r.BytesSent));
    }

    public void Clear() => steps.Clear();

    private static double? Mean(List<TrainerStepReport> reports, Func<TrainerStepReport, double?> loss) =>
        reports.All(r => loss(r) is not null) ? reports.Sum(r => r.Weight * loss(r)!.Value) : null;
}
