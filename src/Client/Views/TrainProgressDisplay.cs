using Fcan.Client.Output;
using Fcan.Engine.Ran;
using Spectre.Console;

namespace Fcan.Client.Views;

/// <summary>
/// Shows a training run: a live Spectre bar (step, stage, losses, steps/s) in a terminal, a line on stderr every few
/// steps when output is redirected, nothing but the final JSON with `--json`.
/// </summary>
public sealed class TrainProgressDisplay(CliOutput output)
{
    private const int LineEvery = 10;

    /// <summary>Runs <paramref name="train"/>, handing it the progress callback; returns what it returns.</summary>
    public T Follow<T>(int startStep, int totalSteps, Func<Action<RanProgress>, T> train)
    {
        if (output.Json) return train(_ => { });
        if (!output.Console.Profile.Capabilities.Interactive)
            return train(p =>
            {
                if (p.Step % LineEvery == 0 || p.Step == p.TotalSteps || p.Step == startStep + 1) Console.Error.WriteLine(Line(p));
            });
        var result = default(T)!;
        output.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask($"step {startStep}/{totalSteps}", maxValue: Math.Max(1, totalSteps));
                task.Value = startStep;
                result = train(p =>
                {
                    task.Value = p.Step;
                    task.Description = Markup.Escape(Line(p));
                });
                task.StopTask();
            });
        return result;
    }

    private static string Line(RanProgress p)
    {
        var stage = p.Stage == RanStage.SourceOnly ? "source-only" : "adversarial";
        var adversarial = p.Losses.Adversarial is { } adv ? $" adv {adv:0.000} disc {p.Losses.Discriminator:0.000}" : "";
        return $"step {p.Step}/{p.TotalSteps} {stage} seg {p.Losses.Segmentation:0.000}{adversarial} lr {p.LearningRate:0.#####} {p.StepsPerSecond:0.00} steps/s";
    }
}
