using Fcan.Client.Output;
using Fcan.Engine.Adapter;
using Fcan.Engine.Ran;
using Spectre.Console;

namespace Fcan.Client.Views;

/// <summary>
/// Shows a training run in this process (RAN's or an adapter's): a live Spectre bar with the latest step's line in a
/// terminal, a line on stderr every few steps when output is redirected, nothing but the final JSON with `--json`.
/// </summary>
public sealed class TrainingProgressDisplay(CliOutput output)
{
    private const int LineEvery = 10;

    /// <summary>Runs <paramref name="train"/>, handing it the progress callback; returns what it returns.</summary>
    /// <param name="describe">A progress report's step and line (<see cref="Ran"/>, <see cref="Adapter"/>).</param>
    public T Follow<TProgress, T>(int startStep, int steps, Func<TProgress, (int Step, string Line)> describe,
        Func<Action<TProgress>, T> train)
    {
        if (output.Json) return train(_ => { });
        if (!output.Console.Profile.Capabilities.Interactive)
            return train(p =>
            {
                var (step, line) = describe(p);
                if (step % LineEvery == 0 || step == steps || step == startStep + 1) Console.Error.WriteLine(line);
            });
        var result = default(T)!;
        output.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask($"step {startStep}/{steps}", maxValue: Math.Max(1, steps));
                task.Value = startStep;
                result = train(p =>
                {
                    var (step, line) = describe(p);
                    task.Value = step;
                    task.Description = Markup.Escape(line);
                });
                task.StopTask();
            });
        return result;
    }

    public static (int Step, string Line) Ran(RanProgress p)
    {
        var stage = p.Stage == RanStage.SourceOnly ? "source-only" : "adversarial";
        var adversarial = p.Losses.Adversarial is { } adv ? $" adv {adv:0.000} disc {p.Losses.Discriminator:0.000}" : "";
        return (p.Step, $"step {p.Step}/{p.TotalSteps} {stage} seg {p.Losses.Segmentation:0.000}{adversarial} lr {p.LearningRate:0.#####} {p.StepsPerSecond:0.00} steps/s");
    }

    public static (int Step, string Line) Adapter(AdapterProgress p) =>
        (p.Step, $"step {p.Step}/{p.Steps} loss {p.Losses.Total:0.###e+0} content {p.Losses.Content:0.###e+0} style {p.Losses.Style:0.###e+0} {p.ImagesPerSecond:0.0} images/s");
}
