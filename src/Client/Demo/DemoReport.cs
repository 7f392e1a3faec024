namespace Fcan.Client.Demo;

/// <summary>What `fcan demo` produced and measured (its `--json` output).</summary>
/// <param name="Dataset">The generated mini dataset (source = synthetic half, target = real half).</param>
/// <param name="Output">Shards and manifest of the converted synthetic half.</param>
/// <param name="ContactSheet">PNG with one row per image: source | adapted | real example.</param>
/// <param name="GramDistanceBefore">Mean Gram distance of the sources to the pool.</param>
/// <param name="GramDistanceAfter">Mean Gram distance of the adapted images to the pool.</param>
/// <param name="Timings">Seconds per step.</param>
public sealed record DemoReport(
    string JobId,
    string Dataset,
    string Output,
    string Manifest,
    string ContactSheet,
    string Home,
    int Images,
    string Size,
    int Iterations,
    double GramDistanceBefore,
    double GramDistanceAfter,
    IReadOnlyDictionary<string, double> Timings)
{
    /// <summary>With `--method adapter`: the trained adapter's folder (checkpoints and adapter.fcan).</summary>
    public string? Adapter { get; init; }

    /// <summary>With `--method adapter`: the shards and manifest of the adapter's conversion.</summary>
    public string? AdapterOutput { get; init; }

    /// <summary>With `--method adapter`: the mean Gram distance of the adapter's images to the pool.</summary>
    public double? GramDistanceAfterAdapter { get; init; }

    /// <summary>How much of the style gap the adaptation closed (0.4 = 40 % smaller distance).</summary>
    public double Reduction => GramDistanceBefore > 0 ? 1 - GramDistanceAfter / GramDistanceBefore : 0;
}
