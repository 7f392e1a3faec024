using System.Diagnostics;

namespace Fcan.Client.Demo;

/// <summary>Times named steps in order, for the demo's report.</summary>
public sealed class StepTimer
{
    private readonly Dictionary<string, double> seconds = [];

    public IReadOnlyDictionary<string, double> Seconds => seconds;

    public async Task<T> TimeAsync<T>(string step, Func<Task<T>> work)
    {
        var watch = Stopwatch.StartNew();
        var result = await work();
        seconds[step] = Math.Round(watch.Elapsed.TotalSeconds, 2);
        return result;
    }

    public T Time<T>(string step, Func<T> work)
    {
        var watch = Stopwatch.StartNew();
        var result = work();
        seconds[step] = Math.Round(watch.Elapsed.TotalSeconds, 2);
        return result;
    }
}
