using Fcan.Client.Output;
using Fcan.Grains.Client;
using Fcan.Grains.Contracts;

namespace Fcan.Client.Views;

/// <summary>
/// Follows a distributed training job (RAN or an adapter): a line on stderr when the step advances by a few, when the
/// state changes, and for every restart (who was lost, the checkpoint it continued from, how many trainers are left);
/// nothing with --json.
/// </summary>
public sealed class ClusterTrainProgressDisplay(CliOutput output)
{
    private const int LineEvery = 10;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    public async Task<TrainingStatus> FollowAsync(FcanClusterClient client, TrainingStatus started, CancellationToken cancellationToken)
    {
        var last = started;
        var shownStep = -1;
        var shownRestarts = 0;
        await foreach (var status in client.WatchTrainingAsync(started.JobId, Interval, cancellationToken))
        {
            last = status;
            if (output.Json) continue;
            foreach (var restart in status.Restarts.Skip(shownRestarts)) Console.Error.WriteLine(Line(restart));
            shownRestarts = status.Restarts.Count;
            if (status.Step >= shownStep + LineEvery || status.IsFinal || (status.Step > 0 && shownStep < 0))
            {
                Console.Error.WriteLine(Line(status));
                shownStep = status.Step;
            }
        }
        return last;
    }

    public static string Line(TrainingStatus s)
    {
        var losses = s.Losses switch
        {
            { Total: { } total } l => $" loss {total:0.###e+0} content {l.Content:0.###e+0} style {l.Style:0.###e+0}",
            { Segmentation: { } segmentation } l =>
                $" seg {segmentation:0.000}" + (l.Adversarial is { } adv ? $" adv {adv:0.000} disc {l.Discriminator:0.000}" : ""),
            _ => "",
        };
        // An adapter's speed in crops, as its local training reports it.
        var speed = s.Spec?.Adapter is null ? $"{s.StepsPerSecond:0.00} steps/s" : $"{s.StepsPerSecond * s.Spec.Batch:0.0} images/s";
        return $"step {s.Step}/{s.TotalSteps} {s.State.ToString().ToLowerInvariant()}{losses} {speed} "
            + $"{s.Trainers.Count} trainers {s.BytesPerStep / 1e6:0.0} MB/trainer/step checkpoint {s.CheckpointStep}";
    }

    private static string Line(TrainingRestart r) =>
        $"restart (generation {r.Generation}): lost {string.Join(", ", r.Lost)} at step {r.AtStep}; {r.Trainers} trainers continue "
        + $"from the checkpoint of step {r.FromStep} ({r.Reason})";
}
