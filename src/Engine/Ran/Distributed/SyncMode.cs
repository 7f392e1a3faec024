using System.Globalization;

namespace Fcan.Engine.Ran.Distributed;

/// <summary>
/// How data-parallel trainers stay together. <see cref="LocalSteps"/> 0: synchronous all-reduce, the weighted mean
/// of every step's gradients (the same run as one trainer with the whole batch). K &gt; 0: local SGD, each trainer
/// steps on its own share's gradients and the trainers average their parameters every K steps (K times less traffic,
/// a different optimisation path; momentum stays each trainer's own).
/// </summary>
public sealed record SyncMode(int LocalSteps)
{
    public static SyncMode AllReduce { get; } = new(0);

    public bool AveragesGradients => LocalSteps == 0;

    /// <summary>Whether step <paramref name="step"/> (0-based) of a run of <paramref name="totalSteps"/> ends with an
    /// exchange; local SGD also averages after the last step, so the run ends with one model.</summary>
    public bool ExchangesAfter(int step, int totalSteps) =>
        AveragesGradients || (step + 1) % LocalSteps == 0 || step + 1 == totalSteps;

    /// <summary>"allreduce" or "local-sgd:K".</summary>
    public static SyncMode Parse(string text)
    {
        if (text == "allreduce") return AllReduce;
        const string prefix = "local-sgd:";
        if (text.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(text[prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k >= 1)
            return new SyncMode(k);
        throw new ArgumentException($"sync '{text}': expected allreduce or local-sgd:K with K >= 1");
    }

    public override string ToString() => AveragesGradients ? "allreduce" : $"local-sgd:{LocalSteps}";
}
