using Fcan.Client.Output;
using Fcan.Engine.Adapter;
using Spectre.Console;

namespace Fcan.Client.Views;

/// <summary>
/// Shows an adapter training: a live Spectre bar (step, loss, images/s) in a terminal, a line on stderr every few
/// steps when output is redirected, nothing but the final JSON with `--json`.
/// </summary>
public sealed class AdapterProgressDisplay(CliOutput output)
{
    private const int LineEvery = 10;

    /// <summary>Runs <paramref name="train"/>, handing it the progress callback; returns what it returns.</summary>
    public T Follow<T>(int startStep, int steps, Func<Action<AdapterProgress>, T> train)
    {
        if (output.Json) return train(_ => { });
        if (!output.Console.Profile.Capabilities.Interactive)
            return train(p =>
            {
                if (p.Step % LineEvery == 0 || p.Step == p.Steps || p.Step == startStep + 1) Console.Error.WriteLine(Line(p));
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
                    task.Value = p.Step;
                    task.Description = Markup.Escape(Line(p));
                });
                task.StopTask();
            });
        return result;
    }

    private static string Line(AdapterProgress p) =>
        $"step {p.Step}/{p.Steps} loss {p.Losses.Total:0.###e+0} content {p.Losses.Content:0.###e+0} style {p.Losses.Style:0.###e+0} {p.ImagesPerSecond:0.0} images/s";
}
